"""Fitness: five measured components in [0, 1], combined with configurable weights.

Every component follows the seed's shape (``crates/tempo-x402-soul/src/fitness.rs``): a
measured rate, shrunk towards a small prior while evidence is scarce, with
``conf = min(n / n_full, 1)``::

    component = prior · (1 − conf) + rate · conf

The five components and what they measure (all dimensionless):

* **execution** — share of finished plans that reached their goal (``achieved / plans``);
  prior 0.15, full confidence at 5 plans (seed: completed / n).
* **coordination** — value of the agent's shared knowledge *as judged by its peers*: the
  mean reputation (in [0, 1]) that other agents hold for it, which they update from the
  outcomes of templates learnt from it; prior 0.1, full confidence at 5 peers. Before any
  peer has used its knowledge, the success rate of its peer exchanges stands in (seed:
  succeeded / attempted, full confidence at 10).
* **prediction** — Brier skill of the brain against an uninformed coin,
  ``max(0, 1 − B / 0.25)`` with ``B`` the mean Brier score of its step predictions;
  prior 0.1, full confidence at 20 scored steps (seed: cortex accuracy).
* **evolution** — quality of the evolved gene pool: the mean over goals of the best
  template's success estimate (``genesis.fitness``, in (0, 1]); seeds start at 0.5, so
  values above 0.5 mean the pool improved on its inheritance. Prior 0.1 before
  ``min_cycles`` cycles (seed: 0.1 before 20 cycles).
* **introspection** — calibration of the self-model: ``1 − ECE`` of the brain's
  predicted success against observed outcomes (``synthesis.ece``); prior 0.1, full
  confidence at 20 scored steps (seed: share of verified beliefs).

The total is ``Σ wᵢ cᵢ / Σ wᵢ``, so it is in [0, 1] whatever the (non-negative, not all
zero) weights. The seed's sixth component, *economic*, is left out on purpose: balance
already decides whether an agent can clone at all (``birth_threshold``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from colony_sim.floats import left_sum

COMPONENTS = ("execution", "coordination", "prediction", "evolution", "introspection")
"""Names of the fitness components, in the order of :func:`combine`'s weights."""


def shrink(rate: float, n: float, n_full: float, prior: float) -> float:
    """Blend a measured ``rate`` with ``prior`` by confidence ``min(n / n_full, 1)``."""
    if n <= 0 or not math.isfinite(rate):
        return prior
    conf = min(n / n_full, 1.0)
    return prior * (1.0 - conf) + min(1.0, max(0.0, rate)) * conf


def execution(achieved: int, plans: int) -> float:
    """Share of plans that reached their goal, shrunk to 0.15 below 5 plans."""
    return shrink(achieved / plans if plans else math.nan, plans, 5, 0.15)


def coordination(peer_reputations: Sequence[float], exchanges_ok: int, exchanges: int) -> float:
    """Mean reputation peers hold for this agent; peer-exchange success before that."""
    if peer_reputations:
        rate = left_sum(peer_reputations) / len(peer_reputations)
        return shrink(rate, len(peer_reputations), 5, 0.1)
    return shrink(exchanges_ok / exchanges if exchanges else math.nan, exchanges, 10, 0.1)


def prediction(brier_sum: float, scored: int) -> float:
    """Brier skill ``max(0, 1 − B / 0.25)`` of ``scored`` predictions; 0.1 prior below 20."""
    if not scored:
        return 0.1
    return shrink(max(0.0, 1.0 - (brier_sum / scored) / 0.25), scored, 20, 0.1)


def evolution(best_by_goal: Sequence[float], cycles: int, min_cycles: int = 20) -> float:
    """Mean best-template success estimate over goals; 0.1 before ``min_cycles`` cycles."""
    if cycles < min_cycles or not best_by_goal:
        return 0.1
    return min(1.0, max(0.0, left_sum(best_by_goal) / len(best_by_goal)))


def introspection(ece: float, scored: int) -> float:
    """Calibration ``1 − ECE`` of the self-model; 0.1 prior below 20 scored steps."""
    return shrink(1.0 - ece, scored, 20, 0.1)


def combine(components: Sequence[float], weights: Sequence[float]) -> float:
    """Weighted mean ``Σ wᵢ cᵢ / Σ wᵢ`` (dimensionless, in [0, 1]).

    Raises:
        ValueError: if lengths differ, a weight is negative, or all weights are zero.
    """
    if len(components) != len(weights):
        raise ValueError("weights: need one weight per component")
    total = left_sum(weights)
    if any(w < 0 for w in weights) or total <= 0:
        raise ValueError("weights: must be non-negative and not all zero")
    return left_sum(c * w for c, w in zip(components, weights, strict=True)) / total
