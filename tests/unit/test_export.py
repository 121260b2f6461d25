"""Agent exports: what `colony run` writes for `colony promote`."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from colony_sim.config import make_config
from colony_sim.engine import Colony
from colony_sim.errors import CheckpointError
from colony_sim.export import (
    best_agents,
    best_exported,
    export_agent,
    export_summary,
    load_export,
    save_export,
    summary,
    weights_hash,
    write_best,
)


@pytest.fixture(scope="module")
def colony():
    c = Colony(make_config({"agents": 6, "until": 3 * 3600, "seed": 5}))
    c.run()
    return c


def test_export_round_trips_exactly(colony, tmp_path):
    agent_id = best_agents(colony, 1)[0]
    export = export_agent(colony, agent_id)
    path = save_export(export, tmp_path / "x.agent")
    back = load_export(path)
    assert back.agent_id == agent_id
    assert export_summary(back) == export_summary(export)
    for name, tensor in export.weights().items():
        assert np.array_equal(back.weights()[name], tensor)
        assert back.weights()[name].dtype == tensor.dtype
    assert back.mind_rng == export.mind_rng


def test_export_equals_the_living_agent_and_leaves_it_alone(colony):
    agent_id = best_agents(colony, 1)[0]
    agent = colony.agents[agent_id]
    export = export_agent(colony, agent_id)
    live = colony.predictor.export_weights(agent.state.slot)
    assert export_summary(export)["weights_hash"] == weights_hash(live)
    assert export_summary(export) == summary(agent.state, live, export.slot["trained"])
    export.state.mind.rules.append((99, 99))  # a deep copy: the colony's agent is untouched
    assert (99, 99) not in agent.state.mind.rules


def test_best_agents_are_ranked_by_fitness(colony):
    ids = best_agents(colony, 3)
    fits = [colony.agents[i].state.fitness for i in ids]
    assert fits == sorted(fits, reverse=True) and len(ids) == 3


def test_write_best_and_best_exported(colony, tmp_path):
    paths = write_best(colony, tmp_path, 2)
    assert [p.stem for p in paths] == best_agents(colony, 2)
    assert best_exported(tmp_path) == paths[0]
    assert best_exported(tmp_path / "empty") is None


def test_weights_hash_sees_every_byte_name_and_dtype():
    a = {"w": np.arange(6, dtype=np.float32).reshape(2, 3)}
    assert weights_hash(a) == weights_hash({"w": a["w"].copy()})
    changed = {"w": a["w"].copy()}
    changed["w"][1, 2] = np.nextafter(changed["w"][1, 2], 10)
    assert weights_hash(changed) != weights_hash(a)
    assert weights_hash({"v": a["w"]}) != weights_hash(a)
    assert weights_hash({"w": a["w"].astype(np.float64)}) != weights_hash(a)
    assert weights_hash({"w": a["w"].reshape(3, 2)}) != weights_hash(a)
    assert weights_hash(None) == ""


def test_unknown_agent_and_bad_files_are_refused(colony, tmp_path):
    with pytest.raises(CheckpointError, match="agent_id"):
        export_agent(colony, "nobody")
    bad = tmp_path / "bad.agent"
    bad.write_bytes(b"not a pickle")
    with pytest.raises(CheckpointError, match="agent file"):
        load_export(bad)
    other = tmp_path / "other.agent"
    other.write_bytes(pickle.dumps({"version": 99}))
    with pytest.raises(CheckpointError, match="version"):
        load_export(other)
    with pytest.raises(CheckpointError, match="cannot read"):
        load_export(tmp_path / "missing.agent")
