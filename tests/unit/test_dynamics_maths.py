"""Fitness, survival tiers and selection as pure functions, and their config errors."""

import math

import pytest

from colony_sim.config import make_config
from colony_sim.economy import fitness, selection, survival
from colony_sim.errors import ConfigError


def test_components_are_in_unit_interval_and_shrink_to_priors():
    assert fitness.execution(0, 0) == 0.15
    assert fitness.execution(10, 10) == 1.0
    assert fitness.execution(1, 2) == pytest.approx(0.15 * 0.6 + 0.5 * 0.4)
    assert fitness.coordination([], 0, 0) == 0.1
    assert fitness.coordination([0.8] * 5, 0, 0) == pytest.approx(0.8)
    assert fitness.coordination([], 10, 10) == 1.0
    assert fitness.prediction(0.0, 100) == 1.0
    assert fitness.prediction(25.0, 100) == 0.0  # a coin: Brier 0.25
    assert fitness.prediction(50.0, 100) == 0.0  # worse than a coin is clipped
    assert fitness.evolution([0.9, 0.7], cycles=5) == 0.1
    assert fitness.evolution([0.9, 0.7], cycles=50) == pytest.approx(0.8)
    assert fitness.introspection(0.1, 40) == pytest.approx(0.9)
    assert fitness.introspection(math.nan, 0) == 0.1


def test_combine_is_a_weighted_mean():
    assert fitness.combine([1, 0, 0, 0, 0], [1, 1, 1, 1, 0]) == 0.25
    with pytest.raises(ValueError, match="weights"):
        fitness.combine([1, 0], [-1, 2])
    with pytest.raises(ValueError, match="weights"):
        fitness.combine([1, 0], [0, 0])


def test_tiers():
    assert survival.tier(60_000, 50_000, 10_000) == survival.NORMAL
    assert survival.tier(50_000, 50_000, 10_000) == survival.NORMAL
    assert survival.tier(20_000, 50_000, 10_000) == survival.CONSERVE
    assert survival.tier(9_999, 50_000, 10_000) == survival.CRITICAL
    with pytest.raises(ValueError, match="critical_below"):
        survival.tier(5, 10, 10)
    assert survival.think_cost(500, 0.25) == 125


def test_median_rule():
    fits = [0.1, 0.2, 0.3, 0.4]
    med = selection.median(fits)
    assert med == pytest.approx(0.25)
    assert [selection.above_median(f, med, 4) for f in fits] == [False, False, True, True]
    assert selection.above_median(0.0, math.nan, 1)
    assert not selection.may_spawn(0.9, 0.5, 4, 10, 20, 100, 0)  # too poor
    assert not selection.may_spawn(0.9, 0.5, 4, 30, 20, 5, 10)  # too young
    assert not selection.may_spawn(0.4, 0.5, 4, 30, 20, 100, 10)
    assert selection.may_spawn(0.4, 0.5, 4, 30, 20, 100, 10, selection=False)
    assert selection.may_spawn(0.6, 0.5, 4, 30, 20, 100, 10)


def test_lifecycle_phases_and_lineage():
    assert selection.phase_after_commit("fork", 1, 3) == "branch"
    assert selection.phase_after_commit("branch", 3, 3) == "birth"
    assert selection.phase_after_commit("birth", 9, 3) == "birth"
    parents = {"a0": None, "a1": None, "a2": "a0", "a3": "a2", "a4": "zz"}
    assert selection.lineage_complete(parents, ["a0", "a1"]) == ["a4"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"dynamics": {"w_prediction": -0.1}}, "dynamics.w_prediction"),
        (
            {
                "dynamics": {
                    k: 0.0
                    for k in (
                        "w_execution",
                        "w_coordination",
                        "w_prediction",
                        "w_evolution",
                        "w_introspection",
                    )
                }
            },
            "dynamics.w_execution",
        ),
        (
            {"dynamics": {"conserve_below": 10_000, "critical_below": 20_000}},
            "dynamics.critical_below",
        ),
        (
            {"dynamics": {"conserve_below": 10_000, "critical_below": 10_000}},
            "dynamics.critical_below",
        ),
        ({"economy": {"clone_price": 2 * 10**12}}, "economy.clone_price"),
        ({"safety": {"destruction_fraction": 1.5}}, "safety.destruction_fraction"),
    ],
)
def test_bad_input_names_the_field(data, field):
    with pytest.raises(ConfigError) as err:
        make_config(data)
    assert err.value.field == field


def test_differentiation_metrics():
    import numpy as np

    from colony_sim.economy import differentiation as d

    w = {"a": np.zeros((2, 2), np.float32)}
    assert d.weight_distance(w, w) == 0.0
    assert d.weight_distance(w, {"a": np.ones((2, 2), np.float32)}) == 1.0
    assert d.profile_distance([0.5, 0.5], [0.7, 0.3]) == pytest.approx(0.2)
    assert d.spread([[0.5, 0.5], [0.5, 0.5]]) == 0.0
    assert d.spread([[1.0, 0.0], [0.0, 1.0]]) == 0.5
    assert d.niche([0.9, 0.2, 0.5], [0.5, 0.5, 0.5], [0, 1, 2]) == 0
    assert d.specialisation([1, 1, 1]) == pytest.approx(0.0)
    assert d.specialisation([1, 0, 0]) == pytest.approx(1.0)
