import numpy as np
import pandas as pd
import pytest

from colony_sim import Colony, ColonyConfig
from colony_sim.errors import ColonyError


def run(config: ColonyConfig) -> Colony:
    return Colony(config).run()


def test_same_seed_same_frames(small_config):
    a, b = run(small_config), run(small_config)
    pd.testing.assert_frame_equal(a.colony_frame(), b.colony_frame())
    pd.testing.assert_frame_equal(a.agents_frame(), b.agents_frame())


def test_different_seeds_differ(small_config):
    a = run(small_config).colony_frame()
    b = run(small_config.with_overrides(seed=8)).colony_frame()
    assert not a["revenue"].equals(b["revenue"])


def test_tidy_columns(colony):
    colony.run()
    frame = colony.colony_frame()
    assert list(frame.columns[:3]) == ["run_id", "seed", "time"]
    assert {
        "population",
        "F",
        "brier",
        "wealth_mean",
        "wealth_gini",
        "births",
        "deaths",
        "revenue",
        "costs",
    } <= set(frame.columns)
    agents = colony.agents_frame()
    assert list(agents.columns[:4]) == ["run_id", "seed", "time", "agent_id"]
    assert frame["time"].is_monotonic_increasing
    assert np.allclose(np.diff(frame["time"]), colony.config.sample_period)


def test_agent_rows_every_k_samples(small_config):
    colony = run(small_config.with_overrides(agent_sample_every=3))
    times = sorted(colony.agents_frame()["time"].unique())
    assert np.allclose(np.diff(times), 3 * small_config.sample_period)


def test_adding_an_agent_does_not_perturb_the_others():
    few = Colony(ColonyConfig(agents=3, until=10.0, seed=5))
    many = Colony(ColonyConfig(agents=30, until=10.0, seed=5))
    for agent_id in ("a00000", "a00001", "a00002"):
        x, y = few.agents[agent_id], many.agents[agent_id]
        assert x.state.wake_at == y.state.wake_at
        assert np.array_equal(x.ports.workspace.body.skills, y.ports.workspace.body.skills)
        assert x.rng.random() == y.rng.random()


def test_cadence_is_jittered_not_a_global_tick(small_config):
    colony = Colony(small_config)
    wakes = [a.state.wake_at for a in colony.agents.values()]
    assert len(set(wakes)) == len(wakes)


def test_agents_can_join_and_leave_mid_run(small_config):
    colony = Colony(small_config)
    colony.run(until=1200)
    newcomer = colony.add_agent()
    colony.remove_agent("a00000")
    colony.run(until=3600)
    assert "a00000" not in colony.agents
    assert newcomer.state.agent_id in colony.agents
    assert newcomer.state.cycles > 0
    assert colony.deaths == 1


def test_removing_an_unknown_agent_is_an_error(colony):
    with pytest.raises(ColonyError, match="agent_id"):
        colony.remove_agent("nobody")


def test_stop_condition_ends_the_run(small_config):
    colony = Colony(small_config)
    colony.run(stop=lambda c: c.now >= 900)
    assert colony.now == 900


def test_run_backwards_is_an_error(colony):
    colony.run(until=600)
    with pytest.raises(ColonyError, match="until"):
        colony.run(until=300)


def test_free_energy_falls_as_brains_learn():
    colony = run(ColonyConfig(agents=40, until=8 * 3600, seed=2))
    f = colony.colony_frame()["F"].dropna()
    assert f.iloc[-10:].mean() < f.iloc[:10].mean() - 0.05
