"""Autonomy's plan transformer can be the seed's size."""

from __future__ import annotations

import numpy as np
import pytest

from colony_sim.cognition import autonomy
from colony_sim.config import ConfigError, make_config
from colony_sim.models import transformer as tf

EXAMPLES = [("build", (1, 2, 3)), ("improve", (4, 5)), ("build", (1, 3)), ("improve", (4,))]


@pytest.mark.parametrize("shape", ["tiny", "small", "seed"])
def test_each_shape_trains_and_proposes(shape):
    rng = np.random.default_rng(0)
    params, adam = autonomy.new_planner(rng, shape)
    assert tf.param_count(autonomy.SHAPES[shape]) == sum(v.size for v in params.values())
    loss = autonomy.train(params, adam, EXAMPLES, shape)
    assert np.isfinite(loss)
    proposal = autonomy.propose(params, "build", rng, shape)
    assert proposal is None or proposal.goal == "build"


def test_seed_shape_is_the_seeds_transformer():
    assert 2_000_000 < tf.param_count(autonomy.SHAPES["seed"]) < 2_400_000


def test_unknown_shape_is_refused_by_the_config():
    with pytest.raises(ConfigError, match="planner_shape"):
        make_config({"cognition": {"planner_shape": "huge"}})
