"""A local live colony: node processes on 127.0.0.1 sharing one anvil chain.

``colony live up --nodes 3`` starts anvil (``colony chain up``), then one ``colony live
node`` process per node on consecutive ports, each listing the others as peers, and
writes ``<data-dir>/colony.json`` (chain, nodes, pids). ``colony live down`` stops the
nodes gracefully (each saves its state) and then the chain. A node can be killed and
started again with the same ``--data-dir``: it resumes from its saved state.

A paid ``/clone`` on a node spawns a child the same way (:func:`spawn_node`), with its
own wallet, its own ``vm/{id}`` branch and its parent's mind (``inherit``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from colony_sim.errors import ColonyError

COLONY_FILE = "colony.json"


def node_argv(data_dir: Path, port: int, *, rpc: str, token: str, peers: list[str],
              export: Path | None = None, seed: int = 0, factor: float = 0.01) -> list[str]:
    """The command line of one node process."""
    argv = [sys.executable, "-m", "colony_sim.cli", "live", "node", "--data-dir", str(data_dir),
            "--port", str(port), "--rpc", rpc, "--token", token, "--seed", str(seed),
            "--factor", str(factor)]
    for url in peers:
        argv += ["--peer", url]
    if export is not None:
        argv += ["--export", str(export)]
    return argv


def spawn_node(data_dir: Path, port: int, **kwargs: Any) -> subprocess.Popen:
    """Start a node process (its own session; output to ``<data_dir>/node.log``)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "node.log").open("ab")
    try:
        return subprocess.Popen(node_argv(data_dir, port, **kwargs), stdout=log, stderr=log,
                                start_new_session=True, env={**os.environ})
    finally:
        log.close()


def wait_healthy(url: str, timeout: float = 90.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url/health`` answers 200 (or raise naming the node)."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as http:
        while True:
            try:
                if http.get(f"{url}/health").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if proc is not None and proc.poll() is not None:
                raise ColonyError(f"node {url}: exited with status {proc.returncode}")
            if time.monotonic() > deadline:
                raise ColonyError(f"node {url}: not healthy after {timeout:.0f} s")
            time.sleep(0.1)


def stop_pid(pid: int, timeout: float = 20.0) -> None:
    """SIGTERM a node's process group, then SIGKILL if it is still there after ``timeout``."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            if _reaped(pid):
                return
        except ProcessLookupError:
            return
        time.sleep(0.05)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reaped(pid: int) -> bool:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return done == pid


def live_up(data_dir: Path, nodes: int = 3, *, base_port: int = 4100, chain_port: int = 8545,
            export: Path | None = None, factor: float = 0.01) -> dict[str, Any]:
    """Start a chain and ``nodes`` node processes; returns what ``colony.json`` holds."""
    from live.chain_anvil import chain_up

    if not 1 <= nodes <= 16:
        raise ColonyError("--nodes: must be from 1 to 16")
    data_dir = Path(data_dir)
    if (data_dir / COLONY_FILE).exists():
        raise ColonyError(f"colony: already up ({data_dir / COLONY_FILE}); run `colony live down`")
    chain = chain_up(data_dir / "chain", chain_port)
    urls = [f"http://127.0.0.1:{base_port + i}" for i in range(nodes)]
    procs = []
    try:
        for i in range(nodes):
            procs.append(spawn_node(
                data_dir / f"node{i}", base_port + i, rpc=chain["rpc_url"], token=chain["token"],
                peers=[u for u in urls if u != urls[i]], export=export if i == 0 else None,
                seed=i, factor=factor,
            ))
        for url, proc in zip(urls, procs, strict=True):
            wait_healthy(url, proc=proc)
    except BaseException:
        for proc in procs:
            stop_pid(proc.pid, timeout=5)
        from live.chain_anvil import chain_down

        chain_down(data_dir / "chain")
        raise
    nodes_info = [{"url": u, "pid": p.pid, "data_dir": str(data_dir / f"node{i}")}
                  for i, (u, p) in enumerate(zip(urls, procs, strict=True))]
    info = {"chain": chain, "nodes": nodes_info}
    (data_dir / COLONY_FILE).write_text(json.dumps(info, indent=2) + "\n")
    return info


def live_down(data_dir: Path) -> list[str]:
    """Stop every node of the colony (and clones they spawned), then the chain."""
    from live.chain_anvil import chain_down

    data_dir = Path(data_dir)
    path = data_dir / COLONY_FILE
    stopped = []
    if path.exists():
        info = json.loads(path.read_text())
        pids = [n["pid"] for n in info.get("nodes", [])]
        for child in data_dir.glob("**/children.json"):
            pids += [c["pid"] for c in json.loads(child.read_text())]
        for pid in pids:
            stop_pid(int(pid))
            stopped.append(str(pid))
        path.unlink()
    chain_down(data_dir / "chain")
    return stopped
