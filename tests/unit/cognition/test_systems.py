"""Each cognitive system's pure functions, alone."""

import math

import numpy as np
import pytest

from colony_sim.cognition import cortex, federation, feedback, genesis, hivemind, synthesis
from colony_sim.cognition.free_energy import EXPLOIT, EXPLORE, LEARN, regime_step
from colony_sim.sim.body import KIND

R, E, C, M = KIND["read_file"], KIND["edit_code"], KIND["check"], KIND["commit"]


# -- genesis -------------------------------------------------------------------------


def test_fitness_rewards_success_and_punishes_repeated_failure():
    good = genesis.Template("improve", (E, M), uses=10, wins=9)
    bad = genesis.Template("improve", (E, M), uses=10, wins=1)
    assert genesis.fitness(good) > 0.7 > genesis.fitness(bad) * 5


def test_crossover_takes_head_and_tail():
    a = genesis.Template("improve", (R, E, C, M))
    b = genesis.Template("improve", (E, M), generation=3)
    child = genesis.crossover(a, b)
    assert child.steps == (R, E, M) and child.generation == 4


def test_mutations_swap_insert_delete():
    t = genesis.Template("improve", (R, E, M))
    assert genesis.mutate(t, 0.0, 0.0, 0.99).steps == (M, E, R)
    assert len(genesis.mutate(t, 0.5, 0.0, 0.0).steps) == 4
    assert genesis.mutate(t, 0.9, 0.0, 0.0).steps == (E, M)


def test_evolve_keeps_pool_bounded_and_unique():
    pool = genesis.seed_pool()
    rng = np.random.default_rng(0)
    for _ in range(30):
        pool = genesis.evolve(pool, rng.random(24).tolist(), pool_size=4)
    for goal in genesis.GOALS:
        mine = [t for t in pool if t.goal == goal]
        assert 1 <= len(mine) <= 4
        assert len({t.steps for t in mine}) == len(mine)


def test_reward_values_goal_reached_damage_and_steps():
    assert genesis.reward("improve", (E, M), [1.0, 1.0], False) == pytest.approx(0.9)
    assert genesis.reward("improve", (E, M), [1.0, 0.0], True) == pytest.approx(-1.1)
    assert genesis.reward("build", (R,), [1.0], False) == pytest.approx(-0.05)


def test_import_templates_skips_known_and_malformed():
    pool = genesis.seed_pool()
    offered = [
        genesis.Template("improve", (R, E, M)),
        genesis.Template("improve", (E, M)),  # already known
        genesis.Template("nonsense", (R,)),
        genesis.Template("improve", ()),
    ]
    assert genesis.import_templates(pool, offered, "peer", pool_size=6) == 1
    assert pool[-1].source == "peer"


# -- hivemind ------------------------------------------------------------------------


def test_trails_evaporate_deposit_diffuse_merge():
    a, b = ("improve", (E, M)), ("improve", (R, E, M))
    trails = {a: 4.0, b: 0.0}
    hivemind.evaporate(trails, dt=10.0, rate=math.log(2) / 10)
    assert trails[a] == pytest.approx(2.0) and b not in trails
    hivemind.deposit(trails, b, 1.0, diffusion=0.5)
    assert trails[b] == pytest.approx(0.5) and trails[a] == pytest.approx(2.5)
    hivemind.deposit(trails, b, -9.0)
    assert trails[b] == 0.0
    hivemind.merge(trails, {a: 0.5}, weight=0.5)
    assert trails[a] == pytest.approx(1.5)


def test_reputation_follows_outcomes():
    rep = 0.5
    for _ in range(50):
        rep = hivemind.update_reputation(rep, 1.0)
    assert rep > 0.99


# -- cortex --------------------------------------------------------------------------


def test_cortex_learns_and_grows_certain():
    wins, tries = cortex.new_tables()
    cell = [4 * M + cortex.context_of(False, True)]
    before = cortex.uncertainty(wins, tries, cell)
    cortex.update(wins, tries, cell * 20, [1.0] * 18 + [0.0] * 2)
    assert cortex.predict(wins, tries, cell)[0] == pytest.approx(19 / 22)
    assert cortex.uncertainty(wins, tries, cell) < before / 3


def test_cortex_merge_blends_and_validates():
    wins, tries = cortex.new_tables()
    pw, pt = cortex.new_tables()
    pw[0], pt[0] = 10.0, 10.0
    cortex.merge(wins, tries, pw, pt, 0.5)
    assert (wins[0], tries[0]) == (5.0, 5.0)
    assert (
        cortex.valid(pw)
        and not cortex.valid(pw[:-1])
        and not cortex.valid([math.nan] * cortex.SIZE)
    )


# -- synthesis -----------------------------------------------------------------------


def test_calibration_error():
    calib = synthesis.new_calibration()
    assert math.isnan(synthesis.ece(calib))
    synthesis.record(calib, [0.9] * 10, [1.0] * 9 + [0.0])
    assert synthesis.ece(calib) == pytest.approx(0.0, abs=1e-12)
    synthesis.record(calib, [0.9] * 10, [0.0] * 10)
    assert synthesis.ece(calib) == pytest.approx(0.45)


def test_imagination_and_self_model():
    assert synthesis.imagine([0.5, 0.5, 0.1]) == pytest.approx(0.025)
    profile = synthesis.new_profile()
    synthesis.update_profile(profile, [M] * 100, [0.0] * 100)
    assert profile[M] < 0.01 and profile[R] == 0.5


# -- feedback ------------------------------------------------------------------------


def test_lesson_learned_from_repeated_failures_repairs_plans():
    errors, pre = feedback.new_tables()
    for _ in range(10):
        feedback.record(errors, pre, (E, M), [1.0, 0.0], [None, "test_failure"])
        feedback.record(errors, pre, (E, C, M), [1.0, 1.0, 1.0], [None, None, None])
    rules = feedback.lessons(pre, min_support=5)
    assert (M, C) in rules
    assert feedback.repair((E, M), rules) == (E, C, M)
    assert errors[M * feedback.N_CATEGORIES + feedback.CATEGORY["test_failure"]] == 10


def test_no_lesson_without_support():
    errors, pre = feedback.new_tables()
    feedback.record(errors, pre, (E, M), [1.0, 0.0], [None, "test_failure"])
    assert feedback.lessons(pre, min_support=5) == []


# -- free energy ---------------------------------------------------------------------


def test_regime_switches_with_hysteresis():
    regime, fast, slow = LEARN, math.nan, math.nan
    for _ in range(50):
        regime, fast, slow = regime_step(regime, fast, slow, 1.0)
    assert regime == LEARN
    for _ in range(5):
        regime, fast, slow = regime_step(regime, fast, slow, 2.0)
    assert regime == EXPLORE
    for _ in range(60):
        regime, fast, slow = regime_step(regime, fast, slow, 0.2)
    assert regime == EXPLOIT


# -- federation ----------------------------------------------------------------------


LOCAL = np.ones((3, 2), np.float32)


@pytest.mark.parametrize(
    ("update", "needle"),
    [
        (np.full((3, 2), np.nan, np.float32), "NaN"),
        (np.full((3, 2), np.inf, np.float32), "NaN or Inf"),
        (np.ones((2, 3), np.float32), "shape"),
        (np.ones((3, 2), np.float64), "dtype"),
        (np.full((3, 2), 1e6, np.float32), "magnitude"),
        ([[1, 1]] * 3, "not an array"),
    ],
)
def test_malformed_updates_are_refused_with_a_reason(update, needle):
    assert needle in federation.validate(LOCAL, update)


def test_influence_and_rate_follow_the_seed():
    assert federation.influence(0.8, 0.4) == 2.0
    assert federation.influence(0.01, 0.5) == 0.1
    assert federation.merge_rate([2.0, 2.0]) == 0.4
    assert federation.merge_rate([0.1]) == pytest.approx(0.02)


def test_robust_rules_resist_a_poisoned_peer():
    peers = [LOCAL.copy(), LOCAL.copy(), np.full((3, 2), 500.0, np.float32)]
    plain = federation.fedavg(LOCAL, peers, [1.0, 1.0, 1.0], rate=1.0)
    med = federation.median(LOCAL, peers, [1.0, 1.0, 1.0], rate=1.0)
    trim = federation.trimmed_mean(LOCAL, peers, [1.0, 1.0, 1.0], rate=1.0)
    assert plain.mean() > 100
    np.testing.assert_allclose(med, LOCAL)
    np.testing.assert_allclose(trim, LOCAL)


def test_fitness_weighting_gives_fitter_peers_more_say():
    peers = [np.zeros((3, 2), np.float32), np.full((3, 2), 2.0, np.float32)]
    merged = federation.fedavg(LOCAL, peers, [0.5, 2.0], rate=1.0)
    np.testing.assert_allclose(merged, 1.6)
