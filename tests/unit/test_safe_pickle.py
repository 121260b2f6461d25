"""Checkpoints and agent exports load plain data only; a hostile pickle never runs."""

import os
import pickle

import numpy as np
import pytest

from colony_sim import Colony, ColonyConfig
from colony_sim.errors import CheckpointError
from colony_sim.export import export_agent, load_export, save_export


class _Payload:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def _small() -> Colony:
    return Colony(ColonyConfig(agents=3, until=900.0, seed=2)).run()


def test_a_checkpoint_with_a_foreign_global_is_refused_before_it_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "evil.ckpt"
    path.write_bytes(pickle.dumps({"version": 1, "x": _Payload()}))
    with pytest.raises(CheckpointError, match=r"posix\.system|os\.system"):
        Colony.load(path)
    assert not (tmp_path / "pwned").exists()


class _Call:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


def test_an_agent_file_naming_a_colony_function_is_refused(tmp_path):
    path = tmp_path / "evil.agent"
    path.write_bytes(pickle.dumps(_Call(save_export, ("x", str(tmp_path / "w")))))
    with pytest.raises(CheckpointError, match="save_export is not allowed"):
        load_export(path)
    assert not (tmp_path / "w").exists()


def test_real_checkpoints_and_exports_round_trip(tmp_path):
    colony = _small()
    restored = Colony.load(colony.save(tmp_path / "c.ckpt"))
    assert sorted(restored.agents) == sorted(colony.agents)
    for agent in colony.agents.values():
        address = agent.state.address
        assert restored.ledger.balance_of(address) == colony.ledger.balance_of(address)
    agent_id = next(iter(colony.agents))
    export = load_export(save_export(export_agent(colony, agent_id), tmp_path / "a.agent"))
    for name, array in export_agent(colony, agent_id).weights().items():
        np.testing.assert_array_equal(export.weights()[name], array)
