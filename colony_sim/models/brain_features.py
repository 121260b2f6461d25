"""The brain's 128 input features: the seed's ``encode_step`` mapped onto the simulation.

Each step of a plan becomes a row of 128 float32 values. Columns keep the seed's
meaning where the simulation has the quantity; the rest stay zero, so a seed-trained
brain and ours read the same column the same way.

=======  =================================================  ===============================
column   seed meaning                                        ours
=======  =================================================  ===============================
0–13     one-hot step type (ReadFile 0, SearchCode 1,        read_file→0, commit→4,
         ListDir 2, RunShell 3, Commit 4, CheckSelf 5,       benchmark→5, deploy→6,
         CreateScriptEndpoint 6, TestScriptEndpoint 7,       test_cartridge→7, check→8,
         CargoCheck 8, GenerateCode 9, EditCode 10,          create_cartridge→9,
         Think 11, DeleteEndpoint 12, other 13)              edit_code→10, call_peer→13
14       LLM step (GenerateCode, EditCode, Think)            edit_code, create_cartridge
15       plan progress 0–1                                   position / (len − 1)
16       replan_count / 3, cap 1                             0 (no replanning)
17       overall success rate                                ``success_rate`` (EMA)
18       success rate of this capability                     ``kind_success[kind]``
19       consecutive failures / 5, cap 1                     ``consecutive_failures``
20       ln(1 + cycles) / 10                                 same
21       hours since last commit / 24, cap 1                 ``hours_since_commit``
22       active goals / 3, cap 1                             0 (one plan at a time)
23       steps remaining / 20, cap 1                         steps after this one
24       endpoint count / 10, cap 1                          ``endpoints``
25       fitness score                                       ``fitness`` (0–1)
26       (ELO − 800) / 800, clamp [0, 1]                     0
27       pass@1 / 100                                        ``(iq − 85) / 65`` clamp [0, 1]
                                                             (inverse of IQ = 85 + 65·p)
28       peer count / 10                                     ``peers`` / 10, cap 1
29       collective pass@1 / 100                             ``colony_pass_rate``
30       trivial-completion ratio                            0
31       benchmark attempts / 100                            ``benchmarks`` / 100, cap 1
32–33    problems solved, multi-agent %                      0
34       ln(1 + brain_train_steps) / 15                      ``train_steps``
35       generation / 5                                      ``generation`` / 5, cap 1
36–59    benchmark self-play slots                           0 (our benchmark is not
                                                             self-play)
60       colony fitness mean                                 ``colony_fitness``
61       hours since benchmark / 24, cap 1                   ``hours_since_benchmark``
62       benchmark runs / 20, cap 1                          ``benchmarks`` / 20, cap 1
63       economic fitness                                    ``economic_fitness`` (0–1)
64       reserved (zero)                                     ours: a read_file is earlier
                                                             in the plan
65       reserved (zero)                                     ours: a check/test_cartridge
                                                             is earlier in the plan
66       reserved (zero)                                     ours: ln(code quality)
67–127   reserved (zero)                                     zero
=======  =================================================  ===============================

Columns 64–66 carry what drives success in the simulation (reading before editing,
checking before committing, code quality); the seed's rows leave them at zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from colony_sim.models._validate import ModelInputError, check_range
from colony_sim.sim.body import KIND, STEP_KINDS

N_INPUTS = 128
SEED_STEP_COLUMN = {
    "read_file": 0,
    "commit": 4,
    "benchmark": 5,
    "deploy": 6,
    "test_cartridge": 7,
    "check": 8,
    "create_cartridge": 9,
    "edit_code": 10,
    "call_peer": 13,
}
"""Column of the seed's step-type one-hot used for each simulated step kind."""
_COLUMN = np.array([SEED_STEP_COLUMN[k] for k in STEP_KINDS], np.int64)
_LLM = frozenset({KIND["edit_code"], KIND["create_cartridge"]})
_READ = KIND["read_file"]
_CHECKS = frozenset({KIND["check"], KIND["test_cartridge"]})


@dataclass(frozen=True, kw_only=True)
class AgentContext:
    """What the agent knows about itself when it encodes a plan (defaults: a newborn).

    Attributes:
        success_rate: Recent overall success rate, 0–1.
        kind_success: Success rate per step kind, ``len(STEP_KINDS)`` values, or
            ``None`` to use ``success_rate`` for every kind.
        consecutive_failures: Failures in a row before this plan.
        cycles: Completed cognitive cycles.
        hours_since_commit: Hours since the last successful commit.
        endpoints: Deployed endpoints (cartridges).
        fitness: Fitness score, 0–1.
        iq: Last measured IQ (NaN when never measured).
        peers: Known peers.
        colony_pass_rate: Colony mean benchmark pass rate, 0–1.
        benchmarks: Benchmark runs so far.
        train_steps: Brain training steps so far.
        generation: Clone depth (0 for founders).
        colony_fitness: Colony mean fitness, 0–1.
        hours_since_benchmark: Hours since the last benchmark.
        economic_fitness: Economic component of fitness, 0–1.
        quality: Code quality (1.0 is a founder's baseline; > 0).
    """

    success_rate: float = 0.5
    kind_success: Sequence[float] | None = None
    consecutive_failures: int = 0
    cycles: int = 0
    hours_since_commit: float = 24.0
    endpoints: int = 0
    fitness: float = 0.5
    iq: float = math.nan
    peers: int = 0
    colony_pass_rate: float = 0.0
    benchmarks: int = 0
    train_steps: int = 0
    generation: int = 0
    colony_fitness: float = 0.5
    hours_since_benchmark: float = 24.0
    economic_fitness: float = 0.5
    quality: float = 1.0

    def __post_init__(self) -> None:
        if self.quality <= 0:
            raise ModelInputError("context.quality", "must be > 0 (it enters as a log)")
        if self.kind_success is not None and len(self.kind_success) != len(STEP_KINDS):
            raise ModelInputError(
                "context.kind_success", f"expected {len(STEP_KINDS)} rates, one per step kind"
            )


def _cap(v: float) -> float:
    return min(max(v, 0.0), 1.0)


def encode_steps(kinds: Sequence[int], context: AgentContext | None = None) -> np.ndarray:
    """Feature rows ``(len(kinds), 128)`` float32 for a plan of step-kind indices.

    Args:
        kinds: Indices into :data:`colony_sim.sim.body.STEP_KINDS`, in plan order.
        context: The agent's state; ``None`` for :class:`AgentContext` defaults.

    Raises:
        ModelInputError: A kind index is out of range.
    """
    c = AgentContext() if context is None else context
    k = np.asarray(kinds, np.int64).reshape(-1)
    check_range("kinds", k, 0, len(STEP_KINDS))
    n = len(k)
    x = np.zeros((n, N_INPUTS), np.float32)
    rows = np.arange(n)
    x[rows, _COLUMN[k]] = 1.0
    x[:, 14] = [1.0 if int(i) in _LLM else 0.0 for i in k]
    x[:, 15] = rows / max(n - 1, 1)
    x[:, 17] = c.success_rate
    per_kind = (
        np.full(len(STEP_KINDS), c.success_rate)
        if c.kind_success is None
        else np.asarray(c.kind_success, np.float64)
    )
    x[:, 18] = per_kind[k]
    x[:, 19] = _cap(c.consecutive_failures / 5)
    x[:, 20] = math.log1p(c.cycles) / 10
    x[:, 21] = _cap(c.hours_since_commit / 24)
    x[:, 23] = np.minimum((n - 1 - rows) / 20, 1.0)
    x[:, 24] = _cap(c.endpoints / 10)
    x[:, 25] = c.fitness
    x[:, 27] = 0.0 if math.isnan(c.iq) else _cap((c.iq - 85.0) / 65.0)
    x[:, 28] = _cap(c.peers / 10)
    x[:, 29] = c.colony_pass_rate
    x[:, 31] = _cap(c.benchmarks / 100)
    x[:, 34] = math.log1p(c.train_steps) / 15
    x[:, 35] = _cap(c.generation / 5)
    x[:, 60] = c.colony_fitness
    x[:, 61] = _cap(c.hours_since_benchmark / 24)
    x[:, 62] = _cap(c.benchmarks / 20)
    x[:, 63] = c.economic_fitness
    read = checked = 0.0
    for i, kind in enumerate(k.tolist()):
        x[i, 64], x[i, 65] = read, checked
        if kind == _READ:
            read = 1.0
        elif kind in _CHECKS:
            checked = 1.0
    x[:, 66] = math.log(c.quality)
    return x
