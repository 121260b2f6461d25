
from colony_sim.examples.wealth import WealthModel, mean_gini


def test_money_is_conserved_and_starts_equal():
    frame = WealthModel(agents=200, seed=1).run(until=30).frame()
    assert frame["money"].eq(200).all()
    assert frame["gini"].iloc[0] == 0.0


def test_gini_after_200_periods_of_1000_agents_is_in_the_known_band():
    assert 0.6 <= mean_gini(agents=1000, periods=200, seeds=range(3)) <= 0.65


def test_seeded_runs_repeat():
    a = WealthModel(agents=100, seed=3).run(until=20).wealth
    b = WealthModel(agents=100, seed=3).run(until=20).wealth
    assert a == b
