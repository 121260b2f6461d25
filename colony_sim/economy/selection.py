"""Selection: who may clone, and the lineage of a colony.

The seed (``colony.rs::evaluate``) lets an agent spawn when its fitness is at or above
the colony's median; here an agent must be *strictly above* the median of the living
agents' fitness (a colony of one is its own median and may clone), rich enough
(``birth_threshold``) and old enough (``spawn_min_cycles``).

Lifecycle of a clone (seed): **fork** — identical code, diverges only in weights; it
works on its parent's branch. **branch** — its first code commit moves it to its own
``vm/{id}`` branch. **birth** — after ``birth_commits`` own commits it has its own
repository (optionally still syncing the cognitive layer). Founders are born.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

FORK, BRANCH, BIRTH = "fork", "branch", "birth"
PHASES = (FORK, BRANCH, BIRTH)


def median(values: Sequence[float]) -> float:
    """Median of the finite values (NaN if there are none)."""
    xs = sorted(v for v in values if math.isfinite(v))
    if not xs:
        return math.nan
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else 0.5 * (xs[mid - 1] + xs[mid])


def above_median(fitness: float, colony_median: float, population: int) -> bool:
    """Whether ``fitness`` is strictly above ``colony_median`` (always true alone)."""
    if population <= 1:
        return True
    return math.isfinite(colony_median) and fitness > colony_median


def may_spawn(
    fitness: float,
    colony_median: float,
    population: int,
    balance: int,
    birth_threshold: int,
    cycles: int,
    min_cycles: int,
    *,
    selection: bool = True,
) -> bool:
    """The cloning rule: rich, old and (with ``selection``) fitter than the median."""
    if not birth_threshold or balance < birth_threshold or cycles < min_cycles:
        return False
    return above_median(fitness, colony_median, population) if selection else True


def phase_after_commit(phase: str, own_commits: int, birth_commits: int) -> str:
    """Phase after an agent's ``own_commits``-th commit on its own branch."""
    if phase == FORK:
        phase = BRANCH
    if phase == BRANCH and own_commits >= birth_commits:
        phase = BIRTH
    return phase


def branch_name(agent_id: str) -> str:
    """The agent's own branch, ``vm/{id}``."""
    return f"vm/{agent_id}"


def lineage_complete(parents: Mapping[str, str | None], founders: Iterable[str]) -> list[str]:
    """Agents whose lineage is broken: a non-founder without a known parent.

    Args:
        parents: Every agent ever (alive or dead) → its parent id (``None`` = founder).
        founders: Ids of the founders.

    Returns:
        Ids with a missing or unknown parent (empty when the lineage is complete).
    """
    founders = set(founders)
    return [
        a
        for a, p in parents.items()
        if (a in founders) != (p is None) or (p is not None and p not in parents)
    ]
