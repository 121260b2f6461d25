"""Feedback: an error taxonomy for failed steps, and lessons learned from them.

Every failed step carries an error category (``colony_sim.ports.ERROR_CATEGORIES``).
Counts ``errors[kind, category]`` give the taxonomy. Lessons are precondition rules
learned from repeated failures: for each step kind ``K`` and candidate predecessor ``P``
the agent counts failures of ``K`` with and without ``P`` earlier in the plan; when
``K`` fails at least ``margin`` more often without ``P`` than with it, on at least
``min_support`` tries of each, the rule "before ``K``, do ``P``" is adopted, and plans
are repaired with it before they run.

Tables are flat lists of floats (touched on every step): ``errors[kind · C + category]``
and ``pre[((kind · K + predecessor) · 2 + present) · 2 + (0 fails | 1 tries)]``.
"""

from __future__ import annotations

import numpy as np

from colony_sim.cognition.features import N_KINDS
from colony_sim.ports import ERROR_CATEGORIES

CATEGORY = {c: i for i, c in enumerate(ERROR_CATEGORIES)}
Lesson = tuple[int, int]
"""(step kind, required predecessor kind)."""


N_CATEGORIES = len(ERROR_CATEGORIES)
_ROWS = [[4 * (k * N_KINDS + p) for p in range(N_KINDS)] for k in range(N_KINDS)]
"""``_ROWS[k][p]``: index in ``pre`` of (kind ``k``, predecessor ``p``, absent, fails)."""


def new_tables() -> tuple[list[float], list[float]]:
    """Empty (errors, pre) tables."""
    return [0.0] * (N_KINDS * N_CATEGORIES), [0.0] * (N_KINDS * N_KINDS * 4)


def record(
    errors: list[float],
    pre: list[float],
    plan: tuple[int, ...],
    y: list[float],
    why: list[str | None],
) -> None:
    """Add a plan's executed steps (outcomes ``y``, error categories ``why``) in place."""
    seen = [0] * N_KINDS  # 2 once a kind has occurred: the offset of its "present" cells
    for k, o, err in zip(plan, y, why, strict=False):
        if o == 0.0:
            if err is not None:
                errors[k * N_CATEGORIES + CATEGORY.get(err, CATEGORY["unknown"])] += 1.0
            for row, present in zip(_ROWS[k], seen, strict=True):
                i = row + present
                pre[i] += 1.0  # fails
                pre[i + 1] += 1.0  # tries
        else:  # a success adds a try only (adding 0.0 fails would change nothing)
            for row, present in zip(_ROWS[k], seen, strict=True):
                pre[row + present + 1] += 1.0
        seen[k] = 2


def lessons(pre: list[float], min_support: int = 5, margin: float = 0.3) -> list[Lesson]:
    """Precondition rules supported by the evidence (see module docstring)."""
    table = np.asarray(pre).reshape(N_KINDS, N_KINDS, 2, 2)
    fails, tries = table[..., 0], table[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = fails / tries
    ok = (tries[..., 0] >= min_support) & (tries[..., 1] >= min_support)
    gap = rate[..., 0] - rate[..., 1]
    ks, ps = np.nonzero(ok & (gap >= margin))
    return [(int(k), int(p)) for k, p in zip(ks, ps, strict=True) if k != p]


def repair(plan: tuple[int, ...], rules: list[Lesson], max_steps: int = 8) -> tuple[int, ...]:
    """Insert each rule's predecessor before the first step that needs it and lacks it."""
    steps = list(plan)
    for kind, before in rules:
        if kind in steps and before not in steps[: steps.index(kind)] and len(steps) < max_steps:
            steps.insert(steps.index(kind), before)
    return tuple(steps)


def valid(rules: object) -> bool:
    """Whether a peer's lessons are a list of (kind, kind) pairs of known step kinds."""
    if not isinstance(rules, list) or len(rules) > N_KINDS * N_KINDS:
        return False
    return all(
        isinstance(r, tuple | list)
        and len(r) == 2
        and all(isinstance(k, int) and 0 <= k < N_KINDS for k in r)
        for r in rules
    )
