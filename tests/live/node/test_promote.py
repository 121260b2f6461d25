"""Promotion: a simulated agent becomes a live node with the same mind, and lives there."""

from __future__ import annotations

import time

import git
import httpx
import pytest
from fastapi.testclient import TestClient

pytest.importorskip("web3")
pytest.importorskip("wasmtime")

from colony_sim.config import make_config  # noqa: E402
from colony_sim.engine import Colony  # noqa: E402
from colony_sim.export import best_agents, export_agent, export_summary  # noqa: E402
from live.agent_node import LiveNode  # noqa: E402
from live.chain.wallet import Wallet  # noqa: E402
from live.serving import ThreadServer  # noqa: E402
from live.x402.client import X402Client  # noqa: E402

pytestmark = pytest.mark.live

MIND_KEYS = ("weights_hash", "planner_hash", "train_steps", "templates", "lessons", "trails")


@pytest.fixture(scope="module")
def export():
    colony = Colony(make_config({"agents": 6, "until": 3 * 3600, "seed": 11}))
    colony.run()
    return export_agent(colony, best_agents(colony, 1)[0])


def wait_for(predicate, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_promoted_node_shows_the_same_mind_then_lives(export, tmp_path):
    node = LiveNode(tmp_path / "node", export=export, factor=0.002)
    expected = export_summary(export)
    with ThreadServer(node.app) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        before = http.get("/soul/status").json()
        assert {k: before[k] for k in MIND_KEYS} == {k: expected[k] for k in MIND_KEYS}
        assert before["agent_id"] == export.agent_id
        node.start()
        try:
            wait_for(lambda: node.runtime.agent.state.cycles >= 5, what="5 live cycles")
        finally:
            node.stop()
        after = http.get("/soul/status").json()
        assert after["cycles"] >= 5 and after["errors"] == 0
        assert after["costs"] > 0  # thinking was paid for on chain
        assert after["balance"] < 10_000_000
    repo = git.Repo(node.workspace_root)
    own = f"vm/{export.agent_id}"
    assert repo.active_branch.name == own
    main_commits = list(repo.iter_commits("main"))
    assert len(main_commits) == 1, "main is never written by the agent"


def test_restart_resumes_from_saved_state(export, tmp_path):
    home = tmp_path / "node"
    first = LiveNode(home, export=export, factor=0.002)
    first.start()
    wait_for(lambda: first.runtime.agent.state.cycles >= 3, what="3 cycles")
    first.stop()
    saved = first.runtime.status()
    second = LiveNode(home, export=None, factor=0.002)
    again = second.runtime.status()
    for key in MIND_KEYS + ("cycles", "revenue", "costs"):
        assert again[key] == saved[key], key
    assert second.runtime.agent.state.address == first.runtime.agent.state.address


def test_deployed_cartridge_answers_a_paid_request_and_the_agent_earns(export, tmp_path):
    node = LiveNode(tmp_path / "node", export=export, factor=0.002)
    ports = node.runtime.agent.ports
    slug = "hello-counter"
    assert ports.sandbox.build(slug).ok and ports.sandbox.test(slug).ok
    assert ports.sandbox.deploy(slug).ok
    s = node.runtime.agent.state
    revenue, requests = s.revenue, s.requests  # carried over from the simulation
    buyer = Wallet.generate()
    node.embedded.faucet(buyer.address, 100_000)
    client = X402Client(buyer, max_amount=10_000)
    with ThreadServer(node.app) as server, httpx.Client(timeout=30) as http:
        assert http.get(f"{server.url}/c/{slug}").status_code == 402
        paid = client.request(http, "GET", f"{server.url}/c/{slug}")
        assert paid.response.status_code == 200, paid.response.text
        assert paid.receipt is not None and paid.receipt.success
        assert http.get(f"{server.url}/app/{slug}").status_code == 200  # free path
        for method in ("put", "patch", "delete"):  # no unpaid way in
            assert getattr(http, method)(f"{server.url}/c/{slug}").status_code == 402
        assert http.get(f"{server.url}/c/not-deployed").status_code == 404
        node.start()
        try:
            wait_for(lambda: s.requests >= requests + 1, what="the agent to see it")
        finally:
            node.stop()
    assert s.revenue - revenue == ports.market.price(slug)
    assert node.chain.balance_of(s.address) >= ports.market.price(slug)
    again = LiveNode(tmp_path / "node", factor=0.002)  # a restart serves what was deployed
    assert list(again.market.endpoints()) == [slug]
    with TestClient(again.app) as http:
        assert http.get(f"/c/{slug}").status_code == 402
