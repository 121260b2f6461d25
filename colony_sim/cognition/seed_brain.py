"""The seed-shaped brain as a colony predictor: 128 features in, 23 outputs.

:class:`SeedBrainPredictor` has the interface of the other predictors
(:mod:`colony_sim.cognition.predictors`) but runs the multi-head brain of
:mod:`colony_sim.models.brain` — success (sigmoid), 11 error categories (softmax) and 11
capability confidences — on the 128-column encoding of
:mod:`colony_sim.models.brain_features`. Shapes: ``"seed_small"`` 128→32→32→23 (5,943
parameters) or ``"seed"`` 128→1024→1024→23 (1,205,271, the seed's; for small colonies).

Every agent's layers live in one stacked bank. As the seed does, every executed step is
one SGD step of the seed's loss at its decayed learning rate
(``0.003 / (1 + steps/100000)``, weight decay 0.0002); the batching service only defers
the steps: pass ``j`` of a flush trains, in one batched step, every agent that queued a
``j``-th row, in the order the rows were queued.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from colony_sim.cognition.predictors import _Banked, _SlotBank
from colony_sim.models import brain, dense
from colony_sim.models.brain_features import AgentContext, encode_steps

SHAPES = {"seed_small": brain.BRAIN_SMALL, "seed": brain.BRAIN_SEED}


class SeedBrainPredictor(_Banked):
    """Per-agent seed-shaped brains in a stacked bank, trained by a batching service.

    Args:
        capacity: Initial number of slots (grows as needed).
        shape: ``"seed_small"`` or ``"seed"``.
        batch_rows: Queued rows that trigger a training pass (also at every sample).
    """

    def __init__(self, capacity: int, shape: str, batch_rows: int = 1024) -> None:
        self.sizes = SHAPES[shape]
        self.layers = len(self.sizes) - 1
        shapes: dict[str, tuple[int, ...]] = {}
        for i, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True)):
            shapes[f"w{i}"] = (fan_in, fan_out)
            shapes[f"b{i}"] = (fan_out,)
        self.bank = _SlotBank(shapes, np.float32, capacity)
        self.batch_rows = batch_rows
        self._rows: list[tuple[int, np.ndarray, tuple[int, ...], list[float], list[Any]]] = []
        self._queued = 0

    # -- per agent --------------------------------------------------------------------

    def features(
        self,
        kinds: tuple[int, ...],
        success_rate: float,
        quality: float,
        cycles: int,
        endpoint_share: float,
        endpoints: int = 0,
        train_steps: int = 0,
    ) -> np.ndarray:
        """The 128-column rows of a plan (see :mod:`colony_sim.models.brain_features`)."""
        context = AgentContext(
            success_rate=success_rate,
            cycles=cycles,
            quality=quality,
            endpoints=endpoints,
            train_steps=train_steps,
        )
        return encode_steps(kinds, context)

    def _layers(self, slots: Any) -> list[tuple[np.ndarray, np.ndarray]]:
        a = self.bank.arrays
        return [(a[f"w{i}"][slots], a[f"b{i}"][slots]) for i in range(self.layers)]

    def init_slot(self, slot: int, rng: np.random.Generator) -> None:
        """Xavier-initialise the slot's layers from the agent's stream."""
        a = self.bank.arrays
        for i, (w, b) in enumerate(brain.init(rng, self.sizes)):
            a[f"w{i}"][slot], a[f"b{i}"][slot] = w, b

    def predict(self, slot: int, x: np.ndarray, kinds: tuple[int, ...]) -> np.ndarray:
        """``p(success)`` per step: the sigmoid of output 0."""
        z = dense.forward(self._layers(slot), x)[0][:, 0]
        return 1.0 / (1.0 + np.exp(-z.astype(np.float64)))

    def learn(
        self,
        slot: int,
        x: np.ndarray,
        kinds: tuple[int, ...],
        y: list[float],
        why: list[Any] | None = None,
    ) -> None:
        """Queue executed steps (outcomes and error categories) for the next pass."""
        self._rows.append((slot, x, tuple(kinds), list(y), list(why or [None] * len(y))))
        self._queued += len(y)
        self.bank.trained[slot] += len(y)
        if self._queued >= self.batch_rows:
            self.flush()

    # -- the batching service ---------------------------------------------------------

    def flush(self) -> None:
        """Train every queued row, one SGD step each, in queue order per agent."""
        if not self._rows:
            return
        by_slot: dict[int, list[int]] = {}
        for i, (slot, *_rest) in enumerate(self._rows):
            by_slot.setdefault(slot, []).append(i)
        agents = sorted(by_slot)
        groups = [[r for i in by_slot[a] for r in self._expand(self._rows[i])] for a in agents]
        width = max(len(g) for g in groups)
        x = np.zeros((len(agents), width, self.sizes[0]), np.float32)
        ok = np.zeros((len(agents), width), bool)
        err: list[list[Any]] = []
        kinds = np.zeros((len(agents), width), np.int64)
        mask = np.zeros((len(agents), width), bool)
        for a, rows in enumerate(groups):
            errors: list[str | None] = [None] * width
            for j, (row, kind, outcome, why) in enumerate(rows):
                x[a, j], kinds[a, j], ok[a, j], mask[a, j] = row, kind, outcome > 0, True
                errors[j] = None if outcome > 0 else (why or "unknown")
            err.append(errors)
        flat = brain.make_targets(ok.ravel(), [e for row in err for e in row], kinds.ravel())
        targets = brain.BrainTargets(*(f.reshape(ok.shape) for f in flat))
        idx = np.asarray(agents)
        arrays = self.bank.arrays
        queued = mask.sum(axis=1)
        steps_before = self.bank.trained[idx] - queued  # the counter already holds them
        for j in range(width):
            active = np.flatnonzero(mask[:, j])  # rows are left-packed: agents with a j-th
            slots = idx[active]
            layers = self._layers(slots)  # fancy indexing: a copy, written back below
            row = brain.BrainTargets(*(f[active, j : j + 1] for f in targets))
            lr = brain.learning_rate(steps_before[active] + j)
            brain.train_many(layers, x[active, j : j + 1], row, lr)
            for i, (w, b) in enumerate(layers):
                arrays[f"w{i}"][slots], arrays[f"b{i}"][slots] = w, b
        self._rows, self._queued = [], 0

    @staticmethod
    def _expand(row: tuple[int, np.ndarray, tuple[int, ...], list[float], list[Any]]) -> list[Any]:
        _, x, kinds, y, why = row
        return [(x[j], kinds[j], y[j], why[j]) for j in range(len(y))]

    # -- checkpoints ----------------------------------------------------------------------

    def pending_state(self) -> dict[str, Any]:
        """Queued rows, for checkpoints."""
        return {"rows": [(s, x.copy(), k, list(y), list(w)) for s, x, k, y, w in self._rows]}

    def load_pending(self, state: dict[str, Any], slot_map: dict[int, int]) -> None:
        """Restore queued rows, renumbering slots through ``slot_map``."""
        self._rows = [(slot_map[s], x, k, y, w) for s, x, k, y, w in state.get("rows", [])]
        self._queued = sum(len(r[3]) for r in self._rows)


def parameter_bytes(shape: str) -> int:
    """float32 bytes of one agent's brain of ``shape``."""
    return 4 * dense.param_count(SHAPES[shape])
