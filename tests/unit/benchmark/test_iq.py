"""IQ arithmetic: anchors, weighted pass rate, tier-weighted sampling, interval."""

import numpy as np
import pytest

from colony_sim.benchmark import load_problems
from colony_sim.benchmark.iq import (
    TierTally,
    allocate,
    estimate,
    iq_from_pass_rate,
    pass_rate_from_iq,
    sample_problems,
    seed_linear_iq,
    tally,
    weighted_pass_rate,
)

TEN = {t: 10 for t in range(1, 7)}


@pytest.mark.parametrize(("p", "iq"), [(0, 85), (0.25, 100), (0.5, 115), (0.75, 132.5), (1, 150)])
def test_anchors_and_interpolation(p, iq):
    assert iq_from_pass_rate(p) == pytest.approx(iq)
    assert pass_rate_from_iq(iq) == pytest.approx(p)


def test_seed_formula_differs_only_between_the_endpoints():
    assert seed_linear_iq(0) == 85 and seed_linear_iq(1) == 150 and seed_linear_iq(0.5) == 117.5


def test_sim_bench_shares_the_mapping():
    from colony_sim.benchmark import iq
    from colony_sim.sim import bench

    assert bench.iq_from_pass_rate is iq.iq_from_pass_rate
    assert list(bench.TIER_WEIGHTS) == [1, 2, 3, 4, 5, 8]


def test_weighted_pass_rate_by_hand():
    # passes: one tier-1 (w1) and one tier-6 (w8) out of tiers 1, 2, 6
    assert weighted_pass_rate([1, 2, 6], [True, False, True]) == pytest.approx(9 / 11)


def test_allocation_favours_hard_tiers_and_covers_every_tier():
    counts = allocate(TEN, 12)
    assert sum(counts.values()) == 12 and min(counts.values()) >= 1
    assert counts[6] >= counts[4] >= counts[1]
    assert allocate(TEN, 100) == TEN
    with pytest.raises(ValueError, match="cannot cover"):
        allocate(TEN, 5)


def test_sample_is_tier_weighted_and_seeded():
    problems = load_problems()
    a = sample_problems(problems, 18, np.random.default_rng(1))
    b = sample_problems(problems, 18, np.random.default_rng(1))
    assert [p.slug for p in a] == [p.slug for p in b]
    assert len(a) == 18 and len({p.slug for p in a}) == 18
    tiers = [p.tier for p in a]
    assert tiers.count(6) > tiers.count(1)


def test_census_estimate_is_exact():
    tallies = [TierTally(t, 10, 10, 10 - t) for t in range(1, 7)]
    est = estimate(tallies)
    by_hand = sum(w * (10 - t) for t, w in zip(range(1, 7), [1, 2, 3, 4, 5, 8], strict=True)) / 230
    assert est.census and est.pass_rate == pytest.approx(by_hand)
    assert est.iq_low == est.iq == est.iq_high == pytest.approx(iq_from_pass_rate(by_hand))


def test_sampled_estimate_is_unbiased_and_covers():
    rng = np.random.default_rng(7)
    truth = {t: rng.random(10) < (1 - t / 7) for t in range(1, 7)}
    weights = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8}
    p_true = sum(weights[t] * truth[t].sum() for t in truth) / sum(10 * w for w in weights.values())
    counts = allocate(TEN, 18)
    estimates, covered = [], 0
    for _ in range(3000):
        tallies = []
        for t, k in counts.items():
            idx = rng.choice(10, size=k, replace=False)
            tallies.append(TierTally(t, 10, k, int(truth[t][idx].sum())))
        est = estimate(tallies)
        estimates.append(est.pass_rate)
        covered += est.pass_low <= p_true <= est.pass_high
    assert np.mean(estimates) == pytest.approx(p_true, abs=0.005)
    assert covered / 3000 > 0.9


def test_interval_is_ordered_and_inside_the_scale():
    est = estimate([TierTally(t, 10, 2, 2) for t in range(1, 7)])
    assert 85 <= est.iq_low <= est.iq <= est.iq_high <= 150
    assert est.iq == 150 and est.iq_low < 150 and not est.census


def test_tally_counts_attempts_per_tier():
    problems = load_problems()
    rows = tally(problems, [(1, True), (1, False), (6, True)])
    assert rows[0] == TierTally(1, 10, 2, 1) and rows[-1] == TierTally(6, 10, 1, 1)
    assert estimate([]).iq == 85
