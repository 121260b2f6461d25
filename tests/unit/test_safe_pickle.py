"""Checkpoints and agent exports load plain data only; a hostile pickle never runs."""

import os
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from colony_sim import Colony, ColonyConfig, safe_pickle
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


# -- corrupt and garbage files ---------------------------------------------------------


@pytest.fixture(scope="module")
def agent_file(tmp_path_factory):
    colony = _small()
    path = tmp_path_factory.mktemp("agent") / "a.agent"
    return save_export(export_agent(colony, next(iter(colony.agents))), path).read_bytes()


def _load_bytes(tmp_path, raw: bytes):
    path = tmp_path / "x.agent"
    path.write_bytes(raw)
    return load_export(path)


@settings(max_examples=150)
@given(data=st.data())
def test_any_damage_to_a_file_is_refused_as_corrupt(tmp_path_factory, agent_file, data):
    # A flipped bit anywhere in the body, or a truncated copy, would once load a colony
    # with silently wrong balances or weights (or raise UnicodeDecodeError, TypeError,
    # MemoryError... from the unpickler); the checksum refuses it before unpickling.
    start = len(safe_pickle.MAGIC) + 32
    if data.draw(st.booleans(), label="truncate"):
        raw = agent_file[: data.draw(st.integers(start, len(agent_file) - 1))]
    else:
        at = data.draw(st.integers(start, len(agent_file) - 1), label="at")
        bit = data.draw(st.integers(0, 7), label="bit")
        raw = bytearray(agent_file)
        raw[at] ^= 1 << bit
        raw = bytes(raw)
    with pytest.raises(CheckpointError, match="corrupt"):
        _load_bytes(tmp_path_factory.mktemp("bad"), raw)


@settings(max_examples=300)
@given(data=st.data())
def test_a_damaged_headerless_file_loads_or_is_refused_cleanly(tmp_path_factory, agent_file, data):
    # Files from before the header are read without a checksum: whatever the damage, the
    # reader gives the export or one CheckpointError, never another exception.
    body = bytearray(agent_file[len(safe_pickle.MAGIC) + 32 :])
    for _ in range(data.draw(st.integers(1, 4))):
        body[data.draw(st.integers(1, len(body) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        body = body[: data.draw(st.integers(1, len(body)))]
    try:
        _load_bytes(tmp_path_factory.mktemp("legacy"), bytes(body))
    except CheckpointError:
        pass


@pytest.mark.parametrize(
    "raw",
    [b"", b"hello", b"\x80\x05", b"\x80\x05\x95\xff\xff\xff\xff\xff\xff\xff\x7f", b"\x80\x05\x96"
     + (2**62).to_bytes(8, "little")],  # a forged 4-EiB bytearray length
    ids=["empty", "text", "protocol-only", "huge-frame", "huge-bytearray"],
)
def test_garbage_is_one_clear_error(tmp_path, raw):
    with pytest.raises(CheckpointError, match="agent file: .*x.agent"):
        _load_bytes(tmp_path, raw)


def test_a_hostile_pickle_with_a_valid_checksum_is_still_refused(tmp_path):
    path = safe_pickle.write(tmp_path / "evil.ckpt", {"version": 1, "x": _Payload()})
    with pytest.raises(CheckpointError, match=r"posix\.system|os\.system"):
        Colony.load(path)
    assert not (tmp_path / "pwned").exists()


def test_a_headerless_checkpoint_from_before_still_loads(tmp_path):
    colony = _small()
    path = tmp_path / "old.ckpt"
    path.write_bytes(pickle.dumps(colony.checkpoint(), protocol=pickle.HIGHEST_PROTOCOL))
    assert sorted(Colony.load(path).agents) == sorted(colony.agents)
