from __future__ import annotations

import pytest

from colony_sim.experiments import make_sweep


def small_spec(name: str = "small", **changes):
    spec = {
        "name": name,
        "base": {"agents": 4, "until": 1200.0, "sample_period": 300.0,
                 "cognition": {"level": "minimal"}},
        "design": {"kind": "grid",
                   "parameters": {"economy.price": [500, 2000], "cognition.share_period": [0, 5]}},
        "seeds": {"root": 11, "replicates": 2},
    }
    spec.update(changes)
    return spec


@pytest.fixture
def sweep():
    return make_sweep(small_spec())
