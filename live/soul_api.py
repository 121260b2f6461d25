"""The node's HTTP API over its agent: ``/soul/*`` and the token-guarded ``/admin/*``.

``/soul`` (read-only unless noted; JSON):

* ``GET status`` — the mind's summary (weights hash, templates, lessons …) and the body's
  counters; ``GET brain/weights`` — tensors (base64, :mod:`live.peer_codec`), hash, steps;
  ``GET cortex | genesis | hivemind | lessons | colony`` — one system's state each;
* ``POST brain/merge`` ``{"weights": {...}, "rate": 0.3}`` — admin token required: the
  operator's validated merge (every tensor checked by
  :func:`colony_sim.cognition.federation.validate`; one bad tensor refuses the whole update
  with 400 naming it, nothing is changed). Peers federate through ``/peer/mind`` instead,
  with the robust merge rules;
* ``POST chat`` ``{"message": "..."}`` — no LLM: the answer is built from the state;
* ``POST nudge`` ``{"goal": "build"}`` — the next plan pursues that goal;
* ``POST benchmark`` ``{"problems": 6}`` — run the benchmark now (6 to 60 problems; one at
  a time, 409 while one runs);
* ``POST plan/approve | plan/reject`` ``{"request_id": 0, "reason": "..."}`` — the human gate
  (admin token required: an approved deploy is carried out);
* ``POST reset`` — admin token required: a fresh mind (weights and wallet kept).

``/admin`` (``Authorization: Bearer <token>``, compared in constant time; 401 otherwise):
``POST exec`` ``{"command": "git status"}`` limited to :data:`EXEC_ALLOW`, ``POST
workspace-reset``, ``POST check``, ``GET ls?path=``, ``GET cat?path=`` confined to the
workspace (no ``..``, no absolute paths, no symlinks out).
"""

from __future__ import annotations

import hmac
import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

from anyio import Lock, to_thread
from fastapi import APIRouter, Body, Depends, Header, HTTPException, Request

from colony_sim.cognition import federation
from colony_sim.cognition.genesis import GOALS
from colony_sim.cognition.mind import MindState
from colony_sim.safety.approval import ApprovalQueue
from live.peer_codec import PeerMessageError, decode_array, encode_array, weights_hash
from live.runtime import Runtime

#: Commands ``/admin/exec`` may run (exact argv prefixes), in the workspace, 30 s max.
EXEC_ALLOW = (("git", "status"), ("git", "log"), ("git", "diff"), ("git", "branch"),
              ("python", "-m", "pytest"))
MAX_CAT_BYTES = 1 << 20


def _bad(field: str, reason: str, status: int = 400) -> HTTPException:
    return HTTPException(status, {"field": field, "reason": reason})


def soul_router(rt: Runtime) -> APIRouter:
    """``/soul/*`` over a runtime."""
    r = APIRouter(prefix="/soul", tags=["soul"])
    mind = lambda: rt.agent.state.mind  # noqa: E731

    @r.get("/status")
    def status() -> dict[str, Any]:
        out = rt.status()
        ports = rt.agent.ports
        out["balance"] = ports.ledger.balance_of(rt.agent.state.address)
        out["address"] = rt.agent.state.address
        out["endpoints"] = list(ports.market.endpoints())
        out["quality"] = ports.workspace.quality()
        return out

    @r.get("/brain/weights")
    def brain_weights() -> dict[str, Any]:
        tensors = rt.weights() or {}
        return {"weights": {k: encode_array(v, f"weights.{k}") for k, v in tensors.items()},
                "weights_hash": weights_hash(tensors), "train_steps": rt.status()["train_steps"]}

    def operator(authorization: str | None = Header(default=None)) -> None:
        # Routes that change what the agent is or does are the operator's: checked before
        # the body is read (as /admin). The human gate in particular: open, anyone who
        # could reach the port could approve the deploys it holds back.
        require_token(getattr(rt, "admin_token", None), authorization)

    merge_schema = body_schema(["weights"], weights={"type": "object"}, rate={"type": "number"})

    @r.post("/brain/merge", dependencies=[Depends(operator)], openapi_extra=merge_schema)
    async def brain_merge(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        if not isinstance(body, dict):
            raise _bad("body", "must be a JSON object")
        return await to_thread.run_sync(lambda: _merge(body))

    def _merge(body: dict[str, Any]) -> dict[str, Any]:
        raw, rate = body.get("weights"), body.get("rate", 0.3)
        if not isinstance(raw, dict) or not raw:
            raise _bad("weights", "must be a non-empty object of tensors")
        if not isinstance(rate, int | float) or not 0.0 < float(rate) <= 0.5:
            raise _bad("rate", "must be a number in (0, 0.5]")
        local = rt.weights() or {}
        if not local:
            raise _bad("weights", "this node's predictor has no weights (minimal cognition)", 409)
        merged = {}
        for name, mine in local.items():
            try:
                peer = decode_array(raw.get(name), f"weights.{name}")
            except PeerMessageError as exc:
                raise _bad(exc.field, exc.reason) from None
            reason = federation.validate(mine, peer)
            if reason is not None:
                raise _bad(f"weights.{name}", reason)
            merged[name] = federation.fedavg(mine, [peer], [1.0], float(rate))
        rt.import_weights(merged)
        return {"merged": sorted(merged), "weights_hash": weights_hash(merged)}

    @r.get("/cortex")
    def cortex() -> dict[str, Any]:
        m = mind()
        return {"wins": list(m.cortex_wins), "tries": list(m.cortex_tries)}

    @r.get("/genesis")
    def genesis() -> dict[str, Any]:
        return {"templates": rt.status()["templates"]}

    @r.get("/hivemind")
    def hivemind() -> dict[str, Any]:
        with rt.lock:
            top = sorted(mind().trails.items(), key=lambda kv: -kv[1])[:50]
            return {"trails": [{"edge": list(map(str, k)) if isinstance(k, tuple) else str(k),
                                "intensity": v} for k, v in top],
                    "reputation": dict(mind().reputation)}

    @r.get("/lessons")
    def lessons() -> dict[str, Any]:
        m = mind()
        return {"lessons": [list(x) for x in m.rules], "profile": list(m.profile)}

    @r.get("/colony")
    def colony() -> dict[str, Any]:
        peers = rt.agent.ports.peers
        return {"peers": sorted(getattr(peers, "links", {})), "fitness": rt.agent.state.fitness,
                "exchanges": rt.agent.state.exchanges, "refused": mind().refused}

    @r.post("/chat")
    def chat(body: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        message = body.get("message")
        if not isinstance(message, str) or not 0 < len(message) <= 2000:
            raise _bad("message", "must be a string of 1 to 2000 characters")
        s = rt.status()
        reply = (f"I am {s['agent_id']} (generation {s['generation']}), {s['cycles']} cycles, "
                 f"regime {s['regime']}, fitness {s['fitness']:.2f}; I earned {s['revenue']} "
                 f"and spent {s['costs']} units. I have no language model: ask /soul/status.")
        return {"reply": reply, "llm": False}

    @r.post("/nudge")
    def nudge(body: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        goal = body.get("goal")
        if goal not in GOALS:
            raise _bad("goal", f"must be one of {', '.join(GOALS)}")
        with rt.lock:
            rt.agent.state.nudge = goal
        return {"nudged": goal}

    bench_running = Lock()  # one benchmark at a time: each runs up to 60 problems

    @r.post("/benchmark")
    async def benchmark(body: dict[str, Any] = Body(default={})) -> dict[str, Any]:  # noqa: B008
        n = body.get("problems", 6)
        if not isinstance(n, int) or isinstance(n, bool) or not 6 <= n <= 60:
            raise _bad("problems", "must be an integer from 6 (one per tier) to 60")
        if bench_running.locked():  # refuse rather than queue: callers cannot pile up work
            raise _bad("problems", "a benchmark is already running; retry when it ends", 409)
        async with bench_running:
            out = await to_thread.run_sync(rt.agent.ports.bench.run, n)
        return {"ok": out.ok, "iq": out.value, "seconds": out.duration}

    def _queue() -> ApprovalQueue:
        s = rt.agent.state
        if s.approvals is None:
            s.approvals = ApprovalQueue(keep=20)
        return s.approvals

    @r.get("/plan/pending")
    def plan_pending() -> dict[str, Any]:
        with rt.lock:
            return {"pending": [{"request_id": q.request_id, "action": q.action,
                                 "detail": q.detail} for q in _queue().pending()]}

    decide_schema = body_schema(
        ["request_id"], request_id={"type": "integer"}, reason={"type": "string"}
    )

    @r.post("/plan/approve", dependencies=[Depends(operator)], openapi_extra=decide_schema)
    async def plan_approve(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        return await to_thread.run_sync(lambda: _decide(body, approve=True))

    @r.post("/plan/reject", dependencies=[Depends(operator)], openapi_extra=decide_schema)
    async def plan_reject(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        return await to_thread.run_sync(lambda: _decide(body, approve=False))

    def _decide(body: Any, *, approve: bool) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise _bad("body", "must be a JSON object")
        rid, reason = body.get("request_id"), body.get("reason", "")
        if not isinstance(rid, int) or isinstance(rid, bool):
            raise _bad("request_id", "must be an integer")
        if not isinstance(reason, str):
            raise _bad("reason", "must be a string")
        with rt.lock:
            try:
                q = _queue()
                req = (q.approve(rid, rt.env.now, reason) if approve
                       else q.reject(rid, reason, rt.env.now))
            except Exception as exc:  # noqa: BLE001 - the queue names what is wrong
                raise _bad("request_id", str(exc)) from None
            deployed = None
            if approve and req.action == "deploy":
                deployed = rt.agent.ports.sandbox.deploy(req.detail).ok
        return {"request_id": rid, "status": req.status, "deployed": deployed}

    @r.post("/reset")
    def reset(authorization: str | None = Header(default=None)) -> dict[str, Any]:
        rt_token = getattr(rt, "admin_token", None)
        require_token(rt_token, authorization)
        with rt.lock:
            rt.agent.state.mind = MindState(trails_time=rt.env.now)
            rt.agent.mind.s = rt.agent.state.mind
        return {"reset": True}

    return r


def body_schema(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI ``requestBody`` for a route that reads its JSON object itself (``json_body``)."""
    schema = {"type": "object", "required": required, "properties": properties}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


async def json_body(request: Request) -> Any:
    """The request's JSON body, read by the route itself (after any token check)."""
    try:
        return json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise _bad("body", "must be a JSON object") from None


def require_token(expected: str | None, authorization: str | None) -> None:
    """401 unless ``authorization`` is ``Bearer <expected>`` (constant-time compare)."""
    given = ""
    if authorization and authorization.startswith("Bearer "):
        given = authorization[len("Bearer "):]
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, {"field": "authorization", "reason": "missing or wrong token"},
                            headers={"WWW-Authenticate": "Bearer"})


def confined(root: Path, path: str) -> Path:
    """``root/path`` resolved, refusing anything that leaves ``root`` (400 naming ``path``)."""
    if not path or "\x00" in path or Path(path).is_absolute():
        raise _bad("path", "must be a relative path inside the workspace")
    if ".git" in Path(path).parts:
        raise _bad("path", "the repository's internals are not served")
    base = root.resolve()
    target = (base / path).resolve()
    if target != base and base not in target.parents:
        raise _bad("path", "leaves the workspace")
    return target


def admin_router(rt: Runtime, token: str, workspace_root: Path) -> APIRouter:
    """``/admin/*``: every route needs ``Authorization: Bearer <token>``."""
    rt.admin_token = token  # type: ignore[attr-defined]

    def guard(authorization: str | None = Header(default=None)) -> None:
        require_token(token, authorization)

    # The route dependency checks the token; /exec reads its own body afterwards, so a
    # malformed body from a caller without the token gets 401, never a parse error.
    r = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(guard)])

    exec_schema = body_schema(["command"], command={"type": "string", "maxLength": 500})

    @r.post("/exec", openapi_extra=exec_schema)
    async def exec_(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        command = body.get("command") if isinstance(body, dict) else None
        if not isinstance(command, str) or len(command) > 500:
            raise _bad("command", "must be a string of at most 500 characters")
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise _bad("command", str(exc)) from None
        if not any(tuple(argv[: len(a)]) == a for a in EXEC_ALLOW):
            raise _bad("command", "not on the allow-list", 403)
        if argv[0] == "python":
            argv[0] = sys.executable
        try:
            done = await to_thread.run_sync(lambda: subprocess.run(
                argv, cwd=workspace_root, capture_output=True, text=True, timeout=30,
                check=False))
        except subprocess.TimeoutExpired:
            raise _bad("command", "timed out after 30 s", 408) from None
        return {"returncode": done.returncode, "stdout": done.stdout[-20000:],
                "stderr": done.stderr[-20000:]}

    @r.post("/workspace-reset")
    def workspace_reset() -> dict[str, Any]:
        with rt.lock:
            rt.agent.ports.workspace.revert()
        return {"reset": True}

    @r.post("/check")
    def check() -> dict[str, Any]:
        with rt.lock:
            out = rt.agent.ports.workspace.check()
        return {"ok": out.ok, "error": out.error, "seconds": out.duration}

    @r.get("/ls")
    def ls(path: str = ".") -> dict[str, Any]:
        target = workspace_root.resolve() if path == "." else confined(workspace_root, path)
        if not target.is_dir():
            raise _bad("path", "is not a directory", 404)
        return {"entries": sorted(p.name + ("/" if p.is_dir() else "")
                                  for p in target.iterdir() if p.name != ".git")}

    @r.get("/cat")
    def cat(path: str) -> dict[str, Any]:
        target = confined(workspace_root, path)
        if not target.is_file():
            raise _bad("path", "is not a file", 404)
        data = target.read_bytes()[:MAX_CAT_BYTES]
        return {"path": path, "text": data.decode("utf-8", errors="replace")}

    return r
