"""The Clock contract for the real-time adapter, and that it is paced by the wall clock."""

from __future__ import annotations

import time

import pytest

from colony_sim.errors import ConfigError
from colony_sim.ports import Clock
from live.clock import RealtimeClock, realtime_env
from tests.contract.ports_contract import ClockContract


class TestRealtimeClock(ClockContract):
    @pytest.fixture
    def clock(self):
        return RealtimeClock.paced(factor=0.001)


def test_realtime_clock_satisfies_the_protocol():
    assert isinstance(RealtimeClock.paced(), Clock)


def test_sleep_until_waits_for_the_wall_clock():
    clock = RealtimeClock.paced(factor=0.001, initial_time=10.0)
    started = time.monotonic()
    clock.env.run(until=clock.sleep_until(60.0))
    assert clock.now == 60.0
    assert time.monotonic() - started >= 0.045


def test_a_past_time_fires_now():
    clock = RealtimeClock.paced(factor=0.001, initial_time=5.0)
    clock.env.run(until=clock.sleep_until(1.0))
    assert clock.now == 5.0


def test_late_steps_catch_up_instead_of_raising():
    clock = RealtimeClock.paced(factor=0.001)
    time.sleep(0.05)  # 50 simulated seconds late before the first step
    clock.env.run(until=clock.sleep_until(1.0))
    assert clock.now == 1.0 and clock.factor == 0.001


def test_factor_must_be_positive():
    with pytest.raises(ConfigError) as err:
        realtime_env(0.0)
    assert err.value.field == "factor"
