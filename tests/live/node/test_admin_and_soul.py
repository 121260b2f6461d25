"""The node's HTTP API: admin token, confinement, and bad input on /soul."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("web3")
pytest.importorskip("wasmtime")

from fastapi.testclient import TestClient  # noqa: E402

from live.agent_node import LiveNode  # noqa: E402
from live.peer_codec import decode_array  # noqa: E402

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    return LiveNode(tmp_path_factory.mktemp("node"), factor=0.01)


@pytest.fixture(scope="module")
def http(node):
    with TestClient(node.app) as client:
        yield client


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ADMIN = [("get", "/admin/ls"), ("get", "/admin/cat?path=x"), ("post", "/admin/check"),
         ("post", "/admin/exec"), ("post", "/admin/workspace-reset"), ("post", "/soul/reset"),
         ("post", "/soul/plan/approve"), ("post", "/soul/plan/reject"),
         ("post", "/soul/brain/merge")]


@pytest.mark.parametrize("method,path", ADMIN)
def test_admin_routes_need_the_token(http, node, method, path):
    assert getattr(http, method)(path).status_code == 401
    wrong = "x" * len(node.admin_token)  # same length, wrong bytes
    assert getattr(http, method)(path, headers=auth(wrong)).status_code == 401
    assert getattr(http, method)(path, headers={"Authorization": node.admin_token}).status_code \
        == 401  # no Bearer scheme


def test_admin_token_is_checked_before_the_body_is_read(http, node):
    for body in (b"{not json", b"\xff\xfe", b"[1, 2]"):
        for path in ("/admin/exec", "/soul/plan/approve", "/soul/plan/reject",
                     "/soul/brain/merge"):
            assert http.post(path, content=body).status_code == 401, path
    r = http.post("/admin/exec", content=b"{not json", headers=auth(node.admin_token))
    assert r.status_code == 400 and r.json()["detail"]["field"] == "body"
    r = http.post("/admin/exec", content=b"[1, 2]", headers=auth(node.admin_token))
    assert r.status_code == 400 and r.json()["detail"]["field"] == "command"


def test_admin_ls_and_cat_stay_in_the_workspace(http, node):
    ok = auth(node.admin_token)
    entries = http.get("/admin/ls", headers=ok).json()["entries"]
    assert "src/" in entries and ".git/" not in entries
    text = http.get("/admin/cat", params={"path": "src/app.py"}, headers=ok).json()["text"]
    assert "def " in text
    for bad in ("../admin.token", "/etc/passwd", "src/../../agent.key", ".git/config", "a\x00b"):
        r = http.get("/admin/cat", params={"path": bad}, headers=ok)
        assert r.status_code == 400, bad
        assert r.json()["detail"]["field"] == "path"
    link = node.workspace_root / "escape"
    link.symlink_to(node.data_dir)
    try:
        assert http.get("/admin/cat", params={"path": "escape/agent.key"},
                        headers=ok).status_code == 400
    finally:
        link.unlink()


def test_admin_exec_is_allow_listed(http, node):
    ok = auth(node.admin_token)
    r = http.post("/admin/exec", json={"command": "git status"}, headers=ok)
    assert r.status_code == 200 and r.json()["returncode"] == 0
    for bad in ("rm -rf /", "git push origin main", "bash -c 'git status'", "'unclosed"):
        r = http.post("/admin/exec", json={"command": bad}, headers=ok)
        assert r.status_code in (400, 403), bad
        assert r.json()["detail"]["field"] == "command"


def test_soul_bad_input_names_the_field(http):
    cases = [
        ("/soul/nudge", {"goal": "conquer"}, "goal"),
        ("/soul/chat", {"message": ""}, "message"),
        ("/soul/benchmark", {"problems": 0}, "problems"),
        ("/soul/benchmark", {"problems": 5}, "problems"),
        ("/soul/benchmark", {"problems": True}, "problems"),
    ]
    for path, body, field in cases:
        r = http.post(path, json=body)
        assert r.status_code == 400, (path, r.text)
        assert r.json()["detail"]["field"] == field, (path, r.json())


def test_operator_routes_take_the_token_and_name_bad_fields(http, node):
    ok = auth(node.admin_token)
    cases = [
        ("/soul/plan/approve", {"request_id": "x"}, "request_id"),
        ("/soul/plan/reject", {"request_id": 99, "reason": "no"}, "request_id"),
        ("/soul/plan/reject", {"request_id": 0, "reason": 5}, "reason"),
        ("/soul/plan/approve", [1, 2], "body"),
        ("/soul/brain/merge", {"weights": {}}, "weights"),
        ("/soul/brain/merge", {"weights": {"w1": 1}, "rate": 2}, "rate"),
        ("/soul/brain/merge", "weights", "body"),
    ]
    for path, body, field in cases:
        r = http.post(path, json=body, headers=ok)
        assert r.status_code == 400, (path, r.text)
        assert r.json()["detail"]["field"] == field, (path, r.json())


def test_hostile_merge_is_refused_and_changes_nothing(http, node):
    ok = auth(node.admin_token)
    before = http.get("/soul/brain/weights").json()
    weights = dict(before["weights"])
    name = sorted(weights)[0]
    weights[name] = {**weights[name], "shape": [1, 2, 3]}
    r = http.post("/soul/brain/merge", json={"weights": weights, "rate": 0.3}, headers=ok)
    assert r.status_code == 400 and r.json()["detail"]["field"].startswith(f"weights.{name}")
    assert http.get("/soul/brain/weights").json()["weights_hash"] == before["weights_hash"]
    good = http.post("/soul/brain/merge", json={"weights": before["weights"], "rate": 0.3},
                     headers=ok)
    assert good.status_code == 200 and good.json()["merged"] == sorted(weights)
    after = http.get("/soul/brain/weights").json()["weights"]
    for key, enc in before["weights"].items():  # merging a brain with itself keeps it
        assert np.allclose(decode_array(after[key]), decode_array(enc), atol=1e-6)


def test_soul_reads_and_nudge(http):
    for path in ("/soul/status", "/soul/cortex", "/soul/genesis", "/soul/hivemind",
                 "/soul/lessons", "/soul/colony", "/soul/plan/pending", "/instance/info",
                 "/openapi.json", "/health"):
        assert http.get(path).status_code == 200, path
    status, brain = http.get("/soul/status").json(), http.get("/soul/brain/weights").json()
    assert status["weights_hash"] == brain["weights_hash"]  # one hash on every route
    assert http.post("/soul/nudge", json={"goal": "build"}).json() == {"nudged": "build"}
    assert http.post("/soul/chat", json={"message": "hi"}).json()["llm"] is False
    bench = http.post("/soul/benchmark", json={"problems": 6}).json()
    assert bench["ok"] and bench["iq"] == 85.0  # no LLM: the empty coder scores the floor


def test_a_minimal_mind_refuses_brain_merges(tmp_path):
    from colony_sim.config import make_config

    minimal = LiveNode(tmp_path / "m", config=make_config({"cognition": {"level": "minimal"}}))
    with TestClient(minimal.app) as client:
        r = client.post("/soul/brain/merge", json={"weights": {"w1": {}}, "rate": 0.3},
                        headers=auth(minimal.admin_token))
        assert r.status_code == 409 and r.json()["detail"]["field"] == "weights"


def test_the_operator_rejects_a_held_back_action_over_http(http, node):
    from colony_sim.safety.approval import ApprovalQueue

    with node.runtime.lock:
        queue = node.runtime.agent.state.approvals or ApprovalQueue(keep=20)
        node.runtime.agent.state.approvals = queue
        rid = queue.submit(node.agent_id, "deploy", "cartridge demo", 0.0)
    assert http.post("/soul/plan/reject", json={"request_id": rid}).status_code == 401
    assert queue.status(rid) == "pending"
    r = http.post("/soul/plan/reject", json={"request_id": rid, "reason": "not now"},
                  headers=auth(node.admin_token))
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert rid not in [q["request_id"] for q in http.get("/soul/plan/pending").json()["pending"]]


def test_one_benchmark_at_a_time(http, node, monkeypatch):
    # A stand-in for the bench port's run that holds until released, so the second
    # request deterministically arrives while the first runs (the real run: see above).
    import threading

    from colony_sim.ports import Outcome

    entered, release = threading.Event(), threading.Event()

    def held_run(n: int) -> Outcome:
        entered.set()
        release.wait(10)
        return Outcome(True, None, 0.1, 85.0)

    monkeypatch.setattr(node.runtime.agent.ports.bench, "run", held_run)
    first: dict = {}
    worker = threading.Thread(
        target=lambda: first.update(r=http.post("/soul/benchmark", json={"problems": 6}))
    )
    worker.start()
    try:
        assert entered.wait(10)
        busy = http.post("/soul/benchmark", json={"problems": 6})
        assert busy.status_code == 409 and busy.json()["detail"]["field"] == "problems"
    finally:
        release.set()
        worker.join(10)
    assert first["r"].status_code == 200 and first["r"].json()["iq"] == 85.0
    assert http.post("/soul/benchmark", json={"problems": 6}).status_code == 200  # free again
