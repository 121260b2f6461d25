"""The Bench contract on the live adapter: real problems through the sandboxed runner."""

from __future__ import annotations

import numpy as np
import pytest

from colony_sim.ports import Bench
from live.bench_live import BenchmarkBench
from tests.contract.ports_contract import BenchContract


class TestBenchmarkBench(BenchContract):
    @pytest.fixture
    def bench(self):
        return BenchmarkBench("empty", rng=np.random.default_rng(0), jobs=2)


def test_empty_coder_scores_the_floor_and_reference_the_ceiling():
    empty = BenchmarkBench("empty", rng=np.random.default_rng(1), jobs=2)
    assert isinstance(empty, Bench)
    assert empty.run(6).value == pytest.approx(85.0)
    reference = BenchmarkBench("reference", rng=np.random.default_rng(1), jobs=2)
    assert reference.run(6).value == pytest.approx(150.0)


def test_bad_sample_size_is_refused():
    with pytest.raises(ValueError, match="n_problems"):
        BenchmarkBench("empty", rng=np.random.default_rng(0)).run(0)
