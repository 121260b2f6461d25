"""Coding IQ: the tier-weighted pass rate, its sampling design and its interval.

The score is the weighted pass rate ``p = Σ w_t·passed / Σ w_t·attempted`` with the
tier weights 1, 2, 3, 4, 5, 8, mapped to IQ through the anchors
0 → 85, 0.5 → 115, 1 → 150, linearly between them (:func:`iq_from_pass_rate`).

The seed's own code (``opus_bench/mod.rs``) uses ``IQ = 85 + 65·p``
(:func:`seed_linear_iq`): its comment promises 115 at 50 %, but the formula gives
117.5. We keep the three anchors, which the issue and the simulation share, and
offer the seed's line for comparison; both agree at 0 % and 100 %.

Partial runs sample problems by tier, harder tiers more often: tier ``t`` gets a
share of the sample proportional to ``w_t·N_t`` (its weight in the full score,
which is also the Neyman allocation when the pass variance is equal across tiers),
at least one problem per tier. Inside a tier problems are drawn without
replacement, so each has inclusion probability ``n_t/N_t``; the
Horvitz–Thompson estimate ``p̂ = Σ_t (w_t·N_t/Σ w·N)·x_t/n_t`` is unbiased for
the full-set weighted pass rate and equals it when every problem ran. Its
variance is the stratified one, ``Σ_t a_t²·(1 − n_t/N_t)·s_t²/n_t``, with
``s_t²`` from a pass share shrunk half a success toward ½ so that a tier that
passed everything still carries uncertainty; the normal interval, clipped to
[0, 1], is mapped to IQ endpoint by endpoint (the map is monotone).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from colony_sim.benchmark.problemset import TIER_WEIGHTS, Problem

#: (weighted pass rate, IQ) anchor points.
IQ_ANCHORS: tuple[tuple[float, float], ...] = ((0.0, 85.0), (0.5, 115.0), (1.0, 150.0))


def iq_from_pass_rate(p: float) -> float:
    """Map a weighted pass rate in [0, 1] to IQ through :data:`IQ_ANCHORS`.

    Args:
        p: Weighted pass rate (clipped to [0, 1]).

    Returns:
        IQ between 85 and 150.
    """
    xs, ys = zip(*IQ_ANCHORS, strict=True)
    return float(np.interp(min(1.0, max(0.0, p)), xs, ys))


def pass_rate_from_iq(iq: float) -> float:
    """Inverse of :func:`iq_from_pass_rate` (clipped to [85, 150])."""
    xs, ys = zip(*IQ_ANCHORS, strict=True)
    return float(np.interp(iq, ys, xs))


def seed_linear_iq(p: float) -> float:
    """The seed's formula ``85 + 65·p`` (117.5 at 50 %), kept for comparison."""
    return 85.0 + 65.0 * min(1.0, max(0.0, p))


def weighted_pass_rate(tiers: Sequence[int], passed: Sequence[bool]) -> float:
    """``Σ w·passed / Σ w`` over attempted problems (0.0 when none were attempted).

    Args:
        tiers: Tier of each attempted problem.
        passed: Whether each one passed.
    """
    total = sum(TIER_WEIGHTS[t] for t in tiers)
    won = sum(TIER_WEIGHTS[t] for t, ok in zip(tiers, passed, strict=True) if ok)
    return won / total if total else 0.0


@dataclass(frozen=True)
class TierTally:
    """Counts of one tier: ``population`` problems, ``attempted`` run, ``passed``."""

    tier: int
    population: int
    attempted: int
    passed: int


@dataclass(frozen=True)
class IQEstimate:
    """Estimated weighted pass rate and IQ with a confidence interval.

    Attributes:
        pass_rate: Unbiased estimate of the full-set weighted pass rate.
        pass_low: Lower confidence bound of the pass rate.
        pass_high: Upper confidence bound of the pass rate.
        iq: ``iq_from_pass_rate(pass_rate)``.
        iq_low: IQ of ``pass_low``.
        iq_high: IQ of ``pass_high``.
        level: Confidence level.
        census: Every problem of every tier ran (the interval has zero width).
    """

    pass_rate: float
    pass_low: float
    pass_high: float
    iq: float
    iq_low: float
    iq_high: float
    level: float
    census: bool


def allocate(population: dict[int, int], n: int) -> dict[int, int]:
    """Split a sample of ``n`` problems over tiers in proportion to ``w_t·N_t``.

    Args:
        population: Problems available per tier.
        n: Sample size (at least the number of non-empty tiers).

    Returns:
        Problems to draw per tier: at least one, at most ``N_t``, summing to
        ``min(n, Σ N_t)`` (largest-remainder rounding).

    Raises:
        ValueError: If ``n`` is smaller than the number of non-empty tiers.
    """
    tiers = sorted(t for t, size in population.items() if size > 0)
    total = sum(population[t] for t in tiers)
    if n >= total:
        return {t: population[t] for t in tiers}
    if n < len(tiers):
        raise ValueError(f"sample of {n} cannot cover {len(tiers)} tiers (one each)")
    out = {t: 1 for t in tiers}
    while sum(out.values()) < n:
        mass = {t: TIER_WEIGHTS[t] * population[t] for t in tiers if out[t] < population[t]}
        scale = (n - len(tiers)) / sum(TIER_WEIGHTS[t] * population[t] for t in tiers)
        # The tier furthest below its proportional target gets the next problem.
        best = max(mass, key=lambda t: (1 + scale * mass[t] - out[t], -t))
        out[best] += 1
    return out


def sample_problems(problems: Sequence[Problem], n: int,
                    rng: np.random.Generator) -> list[Problem]:
    """Draw a tier-weighted sample (see :func:`allocate`) without replacement.

    Args:
        problems: The population.
        n: Sample size.
        rng: Random generator.

    Returns:
        The sample in ``(tier, slug)`` order.
    """
    by_tier: dict[int, list[Problem]] = {}
    for problem in problems:
        by_tier.setdefault(problem.tier, []).append(problem)
    counts = allocate({t: len(ps) for t, ps in by_tier.items()}, n)
    picked = []
    for tier, k in counts.items():
        pool = by_tier[tier]
        picked += [pool[i] for i in rng.choice(len(pool), size=k, replace=False)]
    return sorted(picked, key=lambda p: (p.tier, p.slug))


def tally(population: Iterable[Problem], results: Iterable[tuple[int, bool]]) -> list[TierTally]:
    """Per-tier counts from the population and ``(tier, passed)`` results."""
    sizes: dict[int, int] = {}
    for problem in population:
        sizes[problem.tier] = sizes.get(problem.tier, 0) + 1
    runs: dict[int, list[bool]] = {t: [] for t in sizes}
    for tier, ok in results:
        runs.setdefault(tier, []).append(bool(ok))
    return [TierTally(t, sizes.get(t, 0), len(runs[t]), sum(runs[t])) for t in sorted(runs)]


def estimate(tallies: Sequence[TierTally], level: float = 0.95) -> IQEstimate:
    """Horvitz–Thompson weighted pass rate, its interval and the IQ.

    Tiers with no attempted problem are left out (the estimate then covers the
    attempted tiers only).

    Args:
        tallies: Per-tier counts.
        level: Confidence level of the interval.

    Returns:
        The :class:`IQEstimate`.
    """
    rows = [t for t in tallies if t.attempted > 0]
    if not rows:
        return IQEstimate(0.0, 0.0, 1.0, 85.0, 85.0, 150.0, level, False)
    mass = np.array([TIER_WEIGHTS[t.tier] * max(t.population, t.attempted) for t in rows], float)
    share = mass / mass.sum()
    n = np.array([t.attempted for t in rows], float)
    big_n = np.array([max(t.population, t.attempted) for t in rows], float)
    x = np.array([t.passed for t in rows], float)
    p = float(share @ (x / n))
    shrunk = (x + 0.5) / (n + 1.0)
    s2 = shrunk * (1 - shrunk) * np.where(n > 1, n / np.maximum(n - 1, 1), 1.0)
    var = float(np.sum(share**2 * (1 - n / big_n) * s2 / n))
    half = NormalDist().inv_cdf(0.5 + level / 2) * var**0.5
    low, high = max(0.0, p - half), min(1.0, p + half)
    return IQEstimate(p, low, high, iq_from_pass_rate(p), iq_from_pass_rate(low),
                      iq_from_pass_rate(high), level, bool(np.all(n >= big_n)))
