"""HttpPeers between real uvicorn servers on 127.0.0.1: gossip, hostile and dead peers."""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.responses import Response, StreamingResponse

from colony_sim.cognition import federation
from live import peer_codec as pc
from live.serving import ThreadServer
from tests.live.peers.conftest import FakeTimer, offer_of, run_colony

pytestmark = pytest.mark.live


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


def test_an_offer_gossips_and_decodes_equal(nodes, offer):
    one = nodes("n1")
    two = nodes("n2", [one.url])
    one.peers.publish("a1", "mind", offer)
    received = two.peers.sync_once()
    [(peer, state)] = two.peers.sample("b1", "mind", 3)
    assert peer == "a1"
    assert pc.weights_hash(state["brain"]) == pc.weights_hash(offer["brain"])
    assert pc.weights_hash(state["planner"]) == pc.weights_hash(offer["planner"])
    assert state["templates"] == offer["templates"] and state["trails"] == offer["trails"]
    assert received == len(one.peers.page("mind")) == two.peers.round_bytes[-1]
    assert two.peers.links[one.url].node == "n1"


def test_three_nodes_gossip_in_the_background(nodes):
    a, b, c = (nodes(n, topics=("t",)) for n in ("na", "nb", "nc"))
    for node, others in ((a, (b, c)), (b, (a, c)), (c, (a, b))):
        for other in others:
            node.peers.add_peer(other.url)
        node.peers.period = 0.02
        node.peers.publish(f"agent-{node.peers.node_id}", "t", node.peers.node_id)
    for node in (a, b, c):
        node.peers.start()
    wait_for(lambda: all(len(n.peers.sample("me", "t", 5)) == 3 for n in (a, b, c)))
    assert dict(a.peers.sample("agent-na", "t", 5)) == {"agent-nb": "nb", "agent-nc": "nc"}


def hostile_app(offer) -> FastAPI:
    """One server, one kind of garbage per path prefix."""
    app = FastAPI()

    def page_with_brain(w) -> bytes:
        state = {**pc.encode_offer(offer), "brain": {"w": w}}
        page = {
            "v": 1,
            "node": "evil",
            "topic": "mind",
            "offers": [{"sender": "x", "state": state}],
        }
        return json.dumps(page).encode()

    w = pc.encode_array(np.ones((2, 2), np.float32))
    bodies = {
        "wrongjson": json.dumps({"hello": "world"}).encode(),
        "notjson": b"<html>surprise</html>",
        "huge": b" " * (9 << 20),
        "nanjson": b'{"v": 1, "node": "evil", "topic": "mind", "offers": [NaN]}',
        "deep": b"[" * 50_000 + b"]" * 50_000,
        "nanarray": page_with_brain(pc.encode_array(np.array([np.nan], np.float32))),
        "shape": page_with_brain({**w, "shape": [3, 3]}),
    }

    @app.get("/{kind}/peer/{topic}")
    def garbage(kind: str, topic: str) -> Response:
        if kind == "chunked":  # no Content-Length: only counting the bytes read stops it
            return StreamingResponse(iter([b" " * (1 << 20)] * 9), media_type="application/json")
        return Response(bodies[kind], media_type="application/json")

    app.state.kinds = sorted([*bodies, "chunked"])
    return app


def test_hostile_peers_are_refused_and_the_good_one_still_syncs(nodes, offer):
    good = nodes("good")
    good.peers.publish("g1", "mind", offer)
    evil = hostile_app(offer)
    with ThreadServer(evil) as bad:
        urls = [f"{bad.url}/{kind}" for kind in evil.state.kinds]
        me = nodes("me", [*urls, good.url])
        me.peers.sync_once()
    refused = {url: (field, reason) for url, field, reason in me.peers.refusals}
    assert sorted(refused) == sorted(urls)
    assert "8388608" in refused[f"{bad.url}/huge"][1]
    assert refused[f"{bad.url}/chunked"][1] == "body over 8388608 bytes"
    assert refused[f"{bad.url}/nanarray"][1] == "contains NaN or Inf"
    assert refused[f"{bad.url}/shape"][0].endswith("brain.w.data")
    assert refused[f"{bad.url}/deep"][1] == "nested too deeply"
    assert all(me.peers.links[u].refused == 1 for u in urls)
    assert [p for p, _ in me.peers.sample("me-agent", "mind", 10)] == ["g1"]


def closed_port_url() -> str:
    with ThreadServer(FastAPI()) as server:
        url = server.url
    return url


def test_a_dead_peer_is_skipped_quickly_and_backed_off(nodes):
    timer = FakeTimer()
    good = nodes("good")
    good.peers.publish("g1", "t", 1)
    dead = closed_port_url()
    me = nodes("me", [dead, good.url], timer=timer, topics=("t",))
    started = time.monotonic()
    me.peers.sync_once()
    assert time.monotonic() - started < 1.5
    assert me.peers.sample("x", "t", 3) == [("g1", 1)]
    link = me.peers.links[dead]
    assert (link.failed, link.failures) == (1, 1) and link.next_try > timer.t
    me.peers.sync_once()
    assert link.failed == 1, "not retried before its backoff ends"


def test_sample_never_waits_for_a_slow_peer(nodes):
    slow = FastAPI()
    release = threading.Event()

    @slow.get("/peer/{topic}")
    def stall(topic: str) -> Response:
        release.wait(3)
        return Response(b"{}", media_type="application/json")

    with ThreadServer(slow) as server:
        me = nodes("me", [server.url], period=0.01, timeout=5.0)
        me.peers.start()
        time.sleep(0.1)  # the gossip thread is now inside the slow request
        started = time.monotonic()
        me.peers.publish("b", "t", 2)
        assert me.peers.sample("a", "t", 3) == [("b", 2)]
        assert time.monotonic() - started < 0.05
        release.set()


def test_a_peer_that_comes_back_is_picked_up_again(nodes):
    timer = FakeTimer()
    first = nodes("back")
    first.peers.publish("r1", "t", "hello")
    me = nodes("me", [first.url], timer=timer, ttl=10.0, topics=("t",))
    me.peers.sync_once()
    assert me.peers.sample("x", "t", 3) == [("r1", "hello")]
    port = first.server.port
    first.server.stop()
    timer.t += 1.0
    me.peers.sync_once()
    assert me.peers.links[first.url].failures == 1
    assert me.peers.sample("x", "t", 3) == [("r1", "hello")], "cached until the TTL"
    timer.t += 11.0
    me.peers.sync_once()
    assert me.peers.sample("x", "t", 3) == [], "expired after the TTL"
    again = nodes("back", port=port)
    again.peers.publish("r1", "t", "again")
    timer.t += me.peers.max_backoff
    me.peers.sync_once()
    assert me.peers.sample("x", "t", 3) == [("r1", "again")]
    assert me.peers.links[first.url].failures == 0


def test_withdraw_and_remove_peer_drop_cached_states(nodes):
    one = nodes("n1")
    one.peers.publish("a1", "t", 1)
    one.peers.publish("a2", "t", 2)
    me = nodes("me", [one.url], topics=("t",))
    me.peers.sync_once()
    me.peers.withdraw("a1")
    assert me.peers.sample("x", "t", 3) == [("a2", 2)]
    me.peers.remove_peer(one.url)
    assert me.peers.sample("x", "t", 3) == []


def test_a_page_from_itself_is_ignored(nodes):
    me = nodes("me")
    me.peers.add_peer(me.url)
    me.peers.publish("a", "mind-free", 1)
    me.peers.sync_once()
    assert me.peers.links[me.url].ok == 0 and not me.peers.refusals


def brain_gap(a, b) -> float:
    wa = a.predictor.export_weights(a.state.slot)
    wb = b.predictor.export_weights(b.state.slot)
    return max(float(np.max(np.abs(np.asarray(wa[k]) - np.asarray(wb[k])))) for k in wa)


def test_two_agents_on_two_nodes_converge_by_absorbing_each_other(nodes):
    colony = run_colony(seed=3)
    a, b = list(colony.agents.values())[:2]
    assert colony.config.cognition.merge_rule in federation.RULES
    one, two = nodes("n1"), nodes("n2")
    one.peers.add_peer(two.url)
    two.peers.add_peer(one.url)
    start = brain_gap(a, b)
    refused = a.state.mind.refused, b.state.mind.refused
    for _ in range(12):
        for agent, node in ((a, one), (b, two)):
            node.peers.publish(agent.state.agent_id, "mind", offer_of(agent))
        for agent, node in ((a, one), (b, two)):
            node.peers.sync_once()
            got = node.peers.sample(agent.state.agent_id, "mind", 3)
            assert [p for p, _ in got] == [(b if agent is a else a).state.agent_id]
            own = agent.predictor.export_weights(agent.state.slot)
            merged = agent.mind.absorb(got, own, agent.fitness())
            agent.predictor.import_weights(agent.state.slot, merged)
    assert (a.state.mind.refused, b.state.mind.refused) == refused
    assert brain_gap(a, b) < 0.05 * start
