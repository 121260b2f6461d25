"""Step-success predictors for a whole colony, each agent in its own slot.

Every agent's parameters live in one stacked array per tensor (``[capacity, ...]``);
an agent works on views of its slot, so memory per agent is its parameter bytes and
no copy is made. Two predictors share one interface:

* :class:`CountPredictor` ("minimal" cognition): Laplace-smoothed success counts per
  step kind, ``p = (successes + 1) / (attempts + 2)``.
* :class:`BrainPredictor` ("default" cognition): the MLP of :mod:`colony_sim.models.mlp`,
  trained online by SGD on the steps each agent executed, batched across agents.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import DTypeLike

from colony_sim.cognition.features import N_FEATURES, N_KINDS, encode_plan
from colony_sim.models import mlp


class _SlotBank:
    """Stacked arrays with slot allocation; grows by doubling."""

    def __init__(
        self, shapes: dict[str, tuple[int, ...]], dtype: DTypeLike, capacity: int
    ) -> None:
        self.shapes = shapes
        self.dtype = dtype
        self.arrays: dict[str, np.ndarray] = {
            k: np.zeros((capacity, *s), dtype) for k, s in shapes.items()
        }
        self.trained = np.zeros(capacity, np.int64)
        self._free: list[int] = list(range(capacity - 1, -1, -1))

    @property
    def capacity(self) -> int:
        return len(self.trained)

    def allocate(self) -> int:
        if not self._free:
            old = self.capacity
            for k, a in self.arrays.items():
                grown = np.zeros((2 * old, *a.shape[1:]), a.dtype)
                grown[:old] = a
                self.arrays[k] = grown
            self.trained = np.concatenate([self.trained, np.zeros(old, np.int64)])
            self._free = list(range(2 * old - 1, old - 1, -1))
        return self._free.pop()

    def release(self, slot: int) -> None:
        for a in self.arrays.values():
            a[slot] = 0
        self.trained[slot] = 0
        self._free.append(slot)

    def copy(self, src: int, dst: int) -> None:
        for a in self.arrays.values():
            a[dst] = a[src]
        self.trained[dst] = self.trained[src]

    def export(self, slot: int) -> dict[str, Any]:
        out: dict[str, Any] = {k: a[slot].copy() for k, a in self.arrays.items()}
        out["trained"] = int(self.trained[slot])
        return out

    def restore(self, slot: int, state: dict[str, Any]) -> None:
        for k, a in self.arrays.items():
            a[slot] = state[k]
        self.trained[slot] = state["trained"]

    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.arrays.values())


class _Banked:
    """What every predictor shares: a slot bank, plan features, lifecycle and federation.

    Subclasses set ``self.bank`` and implement ``init_slot``, ``predict``, ``learn``;
    a subclass that defers training overrides :meth:`flush` and the pending-state pair.
    """

    name = "default"
    bank: _SlotBank

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
        """Feature rows of a plan (:func:`colony_sim.cognition.features.encode_plan`)."""
        return encode_plan(kinds, success_rate, quality, cycles, endpoint_share)

    def flush(self) -> None:
        """Train whatever is queued (nothing by default)."""

    def copy(self, src: int, dst: int) -> None:
        """Give slot ``dst`` the knowledge of slot ``src`` (after training what is queued)."""
        self.flush()
        self.bank.copy(src, dst)

    def release(self, slot: int) -> None:
        """Free a dead agent's slot (after training what is queued)."""
        self.flush()
        self.bank.release(slot)

    def export_weights(self, slot: int) -> dict[str, np.ndarray] | None:
        """Copies of the slot's tensors (what a peer receives; 0-d ones as arrays too)."""
        return {k: np.array(a[slot]) for k, a in self.bank.arrays.items()}

    def import_weights(self, slot: int, weights: dict[str, np.ndarray]) -> None:
        """Overwrite the slot's tensors (after a federated merge)."""
        for k, a in self.bank.arrays.items():
            a[slot] = weights[k]

    def pending_state(self) -> dict[str, Any]:
        """Rows queued for training, for checkpoints (none by default)."""
        return {}

    def load_pending(self, state: dict[str, Any], slot_map: dict[int, int]) -> None:
        """Restore queued rows (none by default)."""


class CountPredictor(_Banked):
    """Success counts per step kind (the "minimal" mind)."""

    name = "minimal"

    def __init__(self, capacity: int) -> None:
        self.bank = _SlotBank({"wins": (N_KINDS,), "tries": (N_KINDS,)}, np.float64, capacity)

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
        """No features: counts need only the step kinds (rows of width 0, one per step)."""
        return np.empty((len(kinds), 0), np.float32)

    def init_slot(self, slot: int, rng: np.random.Generator) -> None:
        """Fresh knowledge (no counts)."""

    def predict(self, slot: int, x: np.ndarray, kinds: tuple[int, ...]) -> np.ndarray:
        """``p(success)`` per step ``(n,)``."""
        a = self.bank.arrays
        # A handful of steps: plain floats are faster than fancy indexing, and float64
        # arithmetic gives the same values either way.
        wins, tries = a["wins"][slot].tolist(), a["tries"][slot].tolist()
        return np.array([(wins[k] + 1.0) / (tries[k] + 2.0) for k in kinds], np.float64)

    def learn(
        self,
        slot: int,
        x: np.ndarray,
        kinds: tuple[int, ...],
        y: list[float],
        why: list[Any] | None = None,
    ) -> None:
        """Add the observed outcomes to the counts."""
        wins, tries = self.bank.arrays["wins"][slot], self.bank.arrays["tries"][slot]
        for k, outcome in zip(kinds, y, strict=True):
            wins[k] += outcome
            tries[k] += 1.0
        self.bank.trained[slot] += len(y)

    def export_weights(self, slot: int) -> dict[str, np.ndarray] | None:
        """Counts are not federated as weights."""
        return None


class BrainPredictor(_Banked):
    """Per-agent MLP brains, trained by a batching brain service (the "default" mind).

    ``learn`` queues an agent's executed steps; when ``batch_rows`` rows are queued, and
    at every colony sample, the service trains every agent on its queued rows, one
    online SGD step per row in the order they happened, all agents at once with batched
    matmuls (:func:`train_batch`). Predictions
    always use an agent's own current weights.

    Args:
        capacity: Initial number of slots (grows as needed).
        hidden: Hidden units.
        learning_rate: SGD step size.
        batch_rows: Queued rows that trigger a batched training pass (1 = every cycle).
    """

    def __init__(
        self, capacity: int, hidden: int, learning_rate: float, batch_rows: int = 1024
    ) -> None:
        self.hidden = hidden
        self.learning_rate = learning_rate
        shapes = {"w1": (N_FEATURES, hidden), "b1": (hidden,), "w2": (hidden,), "b2": ()}
        self.bank = _SlotBank(shapes, np.float32, capacity)
        self.batch_rows = batch_rows
        self._x: list[np.ndarray] = []
        self._y: list[float] = []
        self._s: list[int] = []

    def init_slot(self, slot: int, rng: np.random.Generator) -> None:
        """Xavier-initialise the slot's weights from the agent's stream."""
        w1, b1, w2, b2 = mlp.init_weights(rng, N_FEATURES, self.hidden)
        a = self.bank.arrays
        a["w1"][slot], a["b1"][slot], a["w2"][slot], a["b2"][slot] = w1, b1, w2, b2

    def predict(self, slot: int, x: np.ndarray, kinds: tuple[int, ...]) -> np.ndarray:
        """``p(success)`` per step ``(n,)``."""
        a = self.bank.arrays
        return mlp.predict(a["w1"][slot], a["b1"][slot], a["w2"][slot], a["b2"][slot], x)

    def learn(
        self,
        slot: int,
        x: np.ndarray,
        kinds: tuple[int, ...],
        y: list[float],
        why: list[Any] | None = None,
    ) -> None:
        """Queue the executed steps for the next batched SGD pass (``why`` is unused)."""
        self._x.append(x)
        self._y.extend(y)
        self._s.extend([slot] * len(y))
        self.bank.trained[slot] += len(y)
        if len(self._y) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Train every agent on its queued rows (online SGD, all agents in each pass)."""
        if not self._y:
            return
        x = np.concatenate(self._x)
        y = np.array(self._y, np.float32)
        s = np.array(self._s, np.int64)
        self._x, self._y, self._s = [], [], []
        a = self.bank.arrays
        train_batch(a["w1"], a["b1"], a["w2"], a["b2"], s, x, y, self.learning_rate)

    def pending_state(self) -> dict[str, Any]:
        """Queued rows, for checkpoints."""
        return {"x": [x.copy() for x in self._x], "y": list(self._y), "s": list(self._s)}

    def load_pending(self, state: dict[str, Any], slot_map: dict[int, int]) -> None:
        """Restore queued rows, renumbering slots through ``slot_map``."""
        self._x = [x.copy() for x in state["x"]]
        self._y = list(state["y"])
        self._s = [slot_map[s] for s in state["s"]]


def train_batch(
    w1: np.ndarray,
    b1: np.ndarray,
    w2: np.ndarray,
    b2: np.ndarray,
    slots: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
) -> None:
    """Online SGD on binary cross-entropy, one step per row, for many agents at once.

    Each agent's rows are trained in the order they were queued, exactly as if it had
    taken an SGD step after every executed step (the seed's rule); the steps are only
    deferred. Pass ``j`` updates, in one batched step, every agent that has a ``j``-th
    row, so a flush costs as many passes as the busiest agent has rows, not one per row.

    Args:
        w1: ``(capacity, d, h)`` stacked first-layer weights, updated in place.
        b1: ``(capacity, h)``.
        w2: ``(capacity, h)``.
        b2: ``(capacity,)``.
        slots: ``(n,)`` the agent (slot) each row belongs to.
        x: ``(n, d)`` features, in the order they were queued.
        y: ``(n,)`` outcomes in {0, 1}.
        lr: Learning rate of every single-row step.
    """
    order = np.argsort(slots, kind="stable")
    s = slots[order]
    n = len(s)
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    counts = np.diff(np.r_[starts, n])
    pos = np.arange(n) - np.repeat(starts, counts)  # a row's rank within its agent
    by_pass = order[np.argsort(pos, kind="stable")]  # rows of pass 0, then pass 1, ...
    bounds = np.r_[0, np.cumsum(np.bincount(pos))]
    step = np.float32(lr)  # keep the whole update in the bank's float32
    for j in range(len(bounds) - 1):
        rows = by_pass[bounds[j] : bounds[j + 1]]
        agents, xj = slots[rows], x[rows]
        aw1, ab1, aw2, ab2 = w1[agents], b1[agents], w2[agents], b2[agents]
        hidden = (xj[:, None, :] @ aw1)[:, 0, :]
        hidden += ab1
        np.maximum(hidden, 0.0, out=hidden)
        z = np.clip(np.einsum("ah,ah->a", hidden, aw2) + ab2, -60.0, 60.0)
        g = (1.0 / (1.0 + np.exp(-z)) - y[rows]) * step  # dL/dz, scaled by the step size
        dh = g[:, None] * aw2
        dh *= hidden > 0
        w2[agents] = aw2 - g[:, None] * hidden
        b2[agents] = ab2 - g
        w1[agents] = aw1 - xj[:, :, None] * dh[:, None, :]
        b1[agents] = ab1 - dh


Predictor = Any  # CountPredictor | BrainPredictor | SeedBrainPredictor (same interface)


def make_predictor(
    level: str,
    capacity: int,
    hidden: int,
    learning_rate: float,
    batch_rows: int = 1024,
    shape: str = "compact",
) -> Predictor:
    """The predictor for a cognition ``level`` and brain ``shape``.

    ``level="minimal"`` gives success counts. Otherwise ``shape="compact"`` gives the
    17→hidden→1 MLP, and ``"seed_small"`` / ``"seed"`` the seed's 128→…→23 brain
    (:mod:`colony_sim.cognition.seed_brain`).
    """
    if level == "minimal":
        return CountPredictor(capacity)
    if shape in ("seed_small", "seed"):
        from colony_sim.cognition.seed_brain import SeedBrainPredictor

        return SeedBrainPredictor(capacity, shape, batch_rows)
    return BrainPredictor(capacity, hidden, learning_rate, batch_rows)
