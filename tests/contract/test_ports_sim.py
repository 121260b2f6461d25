import numpy as np
import pytest
import simpy

from colony_sim.ports import Bench, Clock, Ledger, Market, Peers, Sandbox, Workspace
from colony_sim.sim import (
    SimBench,
    SimBody,
    SimClock,
    SimLedger,
    SimMarket,
    SimPeers,
    SimSandbox,
    SimWorkspace,
)
from colony_sim.sim.market import BUYER
from tests.contract.ports_contract import (
    BenchContract,
    ClockContract,
    MarketContract,
    PeersContract,
    SandboxContract,
    WorkspaceContract,
)


@pytest.fixture
def body():
    return SimBody(skills=np.full(9, 2.0), rng=np.random.default_rng(3))


@pytest.fixture
def ledger():
    led = SimLedger(SimClock(simpy.Environment()), np.random.default_rng(4))
    led.mint(BUYER, 10**12)
    return led


@pytest.fixture
def market(body, ledger):
    return SimMarket(body, ledger, ledger.open("sim:me"), price=1000, demand_rate=0.01,
                     timeout_s=60, since=0.0)


@pytest.fixture
def traffic():
    """The simulated market draws its own buyers: nothing to do."""
    return lambda endpoint, n: None


class TestSimClock(ClockContract):
    @pytest.fixture
    def clock(self):
        return SimClock(simpy.Environment())


class TestSimMarket(MarketContract):
    pass


class TestSimWorkspace(WorkspaceContract):
    @pytest.fixture
    def workspace(self, body):
        return SimWorkspace(body)


class TestSimSandbox(SandboxContract):
    @pytest.fixture
    def sandbox(self, body, market):
        return SimSandbox(body, market, max_endpoints=4)


class TestSimBench(BenchContract):
    @pytest.fixture
    def bench(self, body):
        return SimBench(body)


class TestSimPeers(PeersContract):
    @pytest.fixture
    def peers(self):
        return SimPeers(np.random.default_rng(5))


def test_sim_adapters_satisfy_the_protocols(body, ledger, market):
    assert isinstance(SimClock(simpy.Environment()), Clock)
    assert isinstance(ledger, Ledger)
    assert isinstance(market, Market)
    assert isinstance(SimWorkspace(body), Workspace)
    assert isinstance(SimSandbox(body, market, 2), Sandbox)
    assert isinstance(SimBench(body), Bench)
    assert isinstance(SimPeers(np.random.default_rng(0)), Peers)


def test_deploy_of_a_good_build_adds_an_endpoint(market):
    body = SimBody(skills=np.full(9, 6.0), rng=np.random.default_rng(0))
    box = SimSandbox(body, market, max_endpoints=4)
    assert box.build("c").ok
    assert box.deploy("c").ok
    assert list(market.endpoints()) == ["c"]
