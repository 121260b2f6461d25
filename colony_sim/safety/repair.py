"""Self-repair: checks run every ``repair_period`` (20) cycles (seed: ``housekeeping.rs``).

* **brain divergence** — the brain's recent Brier score (an EMA over executed steps) is
  above ``threshold`` (0.35; an uninformed coin scores 0.25) after ``min_steps`` steps:
  it has diverged, e.g. after merging poisoned weights. Repair: re-initialise it.
* **trail convergence** — the pheromone trails collapsed onto passive behaviour: the
  strongest three trails all lead to plans with no action (reads, thinking), or one trail
  holds ≥ ``share`` of all the trail mass while at least three exist. Repair: clear them.
* **rule poisoning** — a learnt lesson "before K do P" that the agent's own evidence
  contradicts (with P before K, K fails at least as often as without it, on ≥ ``support``
  tries each way); typically imported from a peer. Repair: drop it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from colony_sim.floats import left_sum


def brain_diverged(
    brier_recent: float, steps: int, threshold: float = 0.35, min_steps: int = 50
) -> bool:
    """Whether a brain whose recent Brier is ``brier_recent`` must be reset."""
    return steps >= min_steps and brier_recent > threshold


def trails_converged(
    trails: Mapping[Any, float],
    passive: Callable[[Any], bool],
    share: float = 0.95,
) -> bool:
    """Whether trails collapsed onto passive plans or onto a single edge.

    Args:
        trails: Edge → intensity (≥ 0).
        passive: Whether an edge's plan does nothing (only reads or thinks).
        share: Fraction of the mass one edge may hold among three or more.
    """
    live = sorted(((v, k) for k, v in trails.items() if v > 0), key=lambda t: -t[0])
    if len(live) < 3:
        return False
    if all(passive(k) for _, k in live[:3]):
        return True
    return live[0][0] >= share * left_sum(v for v, _ in live)


def poisoned_rules(
    rules: Sequence[tuple[int, int]],
    fail_rate: Callable[[int, int, bool], tuple[float, float]],
    support: int = 5,
) -> list[tuple[int, int]]:
    """Lessons contradicted by local evidence.

    Args:
        rules: Lessons ``(kind, predecessor)``.
        fail_rate: ``(kind, predecessor, present) -> (failures, tries)`` of ``kind`` with
            or without ``predecessor`` earlier in the plan.
        support: Tries needed on each side before a rule can be judged.
    """
    bad = []
    for kind, before in rules:
        f_with, n_with = fail_rate(kind, before, True)
        f_without, n_without = fail_rate(kind, before, False)
        if n_with >= support and n_without >= support and f_with / n_with >= f_without / n_without:
            bad.append((kind, before))
    return bad
