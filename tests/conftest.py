"""Shared fixtures: a fresh SimPy environment, a seeded generator, a bundle of sim ports."""

from __future__ import annotations

import numpy as np
import pytest
import simpy
from hypothesis import settings

from colony_sim.config import ColonyConfig
from colony_sim.engine import Colony

# Property tests are seeded like everything else: the same examples on every run and
# machine (derandomize), no example database left behind, no flaky per-example deadline.
settings.register_profile("colony", derandomize=True, database=None, deadline=None)
settings.load_profile("colony")


@pytest.fixture
def env() -> simpy.Environment:
    return simpy.Environment()


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)


@pytest.fixture
def small_config() -> ColonyConfig:
    return ColonyConfig(agents=8, until=3600.0, seed=7, sample_period=300.0)


@pytest.fixture
def colony(small_config: ColonyConfig) -> Colony:
    return Colony(small_config)
