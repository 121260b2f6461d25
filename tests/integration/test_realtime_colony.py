"""An agent's cycle on the wall clock: the same colony, a real-time environment."""

from __future__ import annotations

import time

import pandas as pd
import pytest
import simpy

from colony_sim.config import ColonyConfig
from colony_sim.engine import Colony
from colony_sim.errors import ColonyError
from colony_sim.model import Model
from live.clock import RealtimeClock, realtime_env


def config(agents: int) -> ColonyConfig:
    return ColonyConfig(agents=agents, until=1_000, seed=4, sample_period=250)


def test_one_agent_completes_cycles_paced_by_the_wall_clock():
    colony = Colony(config(1), make_env=realtime_env(factor=0.001))
    clock = RealtimeClock(colony.env)
    [agent] = colony.agents.values()
    agent.ports.clock = clock  # sim adapters everywhere else
    started = time.monotonic()
    colony.run(1_000)  # 1,000 simulated seconds at 1 ms each
    wall = time.monotonic() - started
    assert isinstance(colony.env, simpy.rt.RealtimeEnvironment)
    assert clock.now == colony.now == 1_000.0
    assert agent.state.cycles >= 5, "a cycle takes about a simulated minute"
    assert 0.9 <= wall < 5.0


def test_an_explicit_sim_environment_changes_nothing():
    plain = Colony(config(3)).run(1_000)
    made = Colony(config(3), make_env=lambda t: simpy.Environment(initial_time=t)).run(1_000)
    pd.testing.assert_frame_equal(plain.colony_frame(), made.colony_frame())


def test_an_environment_at_the_wrong_time_is_refused():
    with pytest.raises(ColonyError, match="make_env"):
        Model(initial_time=5.0, make_env=lambda t: simpy.Environment())
