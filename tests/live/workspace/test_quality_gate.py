"""The code-quality gate on real diffs: the seed's model, trained on measured IQ deltas."""

from __future__ import annotations

import numpy as np
import pytest
import simpy
import simpy.rt

from colony_sim import enforce
from colony_sim.config import ColonyConfig
from colony_sim.models import quality
from colony_sim.ports import PortBundle
from colony_sim.sim import SimBench, SimBody, SimClock, SimLedger, SimMarket, SimPeers, SimSandbox
from live.runtime import Runtime
from live.workspace_git import GitWorkspace

pytestmark = pytest.mark.live


@pytest.fixture
def agent(tmp_path):
    env = simpy.Environment()
    rng = np.random.default_rng(0)
    body = SimBody(skills=np.full(9, 2.0), rng=rng)
    ledger = SimLedger(SimClock(env), rng)
    address = ledger.open("sim:me")
    market = SimMarket(body, ledger, address, price=1000, demand_rate=0.0, timeout_s=60, since=0)
    ws = GitWorkspace(tmp_path / "ws", "a00000", rng=np.random.default_rng(1))
    ports = PortBundle(SimClock(env), ledger, market, ws, SimSandbox(body, market, 2),
                       SimBench(body), SimPeers(rng))
    rt = Runtime(ColonyConfig(), ports, simpy.rt.RealtimeEnvironment(factor=0.001), address)
    return rt.agent


def deletion(agent) -> None:
    out = agent.ports.workspace.edit("src/app.py", transform="delete_function")
    assert out.ok, out


def test_an_untrained_model_scores_but_never_blocks(agent):
    deletion(agent)
    assert not enforce.quality_refusal(agent)
    assert agent.state.quality is not None and agent.state.quality_pending.shape == (32,)


def test_a_model_that_learnt_deletions_hurt_refuses_one(agent):
    s = agent.state
    deletion(agent)
    x = agent.ports.workspace.diff_features(iq=s.iq, fitness=s.fitness)[None]
    s.quality = quality.init(np.random.default_rng(2))
    for _ in range(400):  # as if ten deletions had each cost 20 IQ points
        _, grads = quality.loss_and_grads(s.quality, x, np.array([-1.0]))
        quality.sgd(s.quality, grads, lr=0.01)
    s.quality_steps = 50
    layer, _ = enforce.commit_refusal(agent)
    assert layer == "quality_gate"
    assert agent.ports.workspace.pending() is None, "a refused change is reverted"
    assert s.blocks["quality_gate"] == 1


def test_the_model_learns_from_a_measured_delta(agent):
    s = agent.state
    s.now = 0.0
    enforce.after_benchmark(agent, 100.0)
    deletion(agent)
    assert not enforce.quality_refusal(agent)
    s.now = 10.0
    enforce.after_commit(agent, "vm/a00000", None)
    assert s.quality_last is not None and s.quality_pending is None
    before = [w.copy() for w, _ in s.quality]
    s.now = 20.0
    enforce.after_benchmark(agent, 90.0)  # the commit cost 10 points
    assert s.quality_steps == 1 and s.quality_last is None
    assert any(not np.array_equal(a, w) for a, (w, _) in zip(before, s.quality, strict=True))


def test_the_simulated_workspace_is_never_scored():
    from colony_sim.engine import Colony

    colony = Colony(ColonyConfig(agents=3, until=3600, seed=1)).run()
    assert all(a.state.quality is None for a in colony.agents.values())
    assert colony.colony_frame()["block_quality_gate"].sum() == 0
