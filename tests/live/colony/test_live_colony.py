"""A local live colony: node processes on 127.0.0.1 sharing one anvil chain.

Bounded: two founder nodes and one clone, loopback only, every process stopped by
`live_down` in the fixture's teardown (SIGKILL after 20 s).
"""

from __future__ import annotations

import json
import os
import signal
import time

import httpx
import numpy as np
import pytest

pytest.importorskip("web3")

from live.chain.wallet import Wallet  # noqa: E402
from live.chain_anvil import DevFaucet  # noqa: E402
from live.colony_live import live_down, live_up, spawn_node, wait_healthy  # noqa: E402
from live.peer_codec import decode_array  # noqa: E402
from live.x402.anvil import find_anvil, free_port  # noqa: E402
from live.x402.chain_web3 import Web3Chain  # noqa: E402
from live.x402.client import X402Client  # noqa: E402

pytestmark = [
    pytest.mark.live,
    pytest.mark.slow,
    pytest.mark.skipif(find_anvil() is None, reason="anvil not installed (make tools)"),
]


@pytest.fixture(scope="module")
def colony(tmp_path_factory):
    home = tmp_path_factory.mktemp("live")
    info = live_up(home, 2, base_port=free_port(), chain_port=free_port(), factor=0.002)
    yield home, info
    live_down(home)


def status(http: httpx.Client, url: str) -> dict:
    return http.get(f"{url}/soul/status", timeout=10).json()


def brain(http: httpx.Client, url: str) -> dict[str, np.ndarray]:
    raw = http.get(f"{url}/soul/brain/weights", timeout=10).json()["weights"]
    return {k: decode_array(v) for k, v in raw.items()}


def gap(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> float:
    return float(sum(np.abs(a[k].astype(np.float64) - b[k]).sum() for k in a))


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_nodes_cycle_federate_clone_and_survive_a_kill(colony):
    home, info = colony
    urls = [n["url"] for n in info["nodes"]]
    with httpx.Client(timeout=60) as http:
        wait_for(lambda: all(status(http, u)["cycles"] >= 3 for u in urls), 120, "cycles")
        start_gap = gap(brain(http, urls[0]), brain(http, urls[1]))
        assert start_gap > 0, "two founders start with different brains"

        # Someone pays node 0's /clone: a child process with its own wallet and branch.
        chain = Web3Chain.connect(info["chain"]["rpc_url"], info["chain"]["token"])
        faucet = DevFaucet(chain.w3, info["chain"]["token"])
        buyer = Wallet.generate()
        faucet.faucet(buyer.address, 2_000_000)
        paid = X402Client(buyer, max_amount=1_000_000).request(http, "POST", f"{urls[0]}/clone")
        assert paid.response.status_code == 200, paid.response.text
        child = paid.response.json()
        wait_healthy(child["url"], timeout=60)
        assert child["url"] in http.get(f"{urls[0]}/soul/colony").json()["peers"]
        kid = status(http, child["url"])
        assert kid["agent_id"] == child["agent_id"] and kid["generation"] >= 1
        assert kid["address"] != status(http, urls[0])["address"]

        # Federation pulls the founders' brains together.
        wait_for(lambda: gap(brain(http, urls[0]), brain(http, urls[1])) < 0.7 * start_gap,
                 180, "brains to converge")

        # Kill node 1 hard: node 0 keeps living; node 1 restarts from its saved state.
        node1 = info["nodes"][1]
        saved_cycles = status(http, urls[1])["cycles"]
        os.killpg(node1["pid"], signal.SIGKILL)
        before = status(http, urls[0])["cycles"]
        wait_for(lambda: status(http, urls[0])["cycles"] > before + 2, 60, "node 0 to go on")
        proc = spawn_node(home / "node1", int(urls[1].rsplit(":", 1)[1]),
                          rpc=info["chain"]["rpc_url"], token=info["chain"]["token"],
                          peers=[urls[0]], seed=1, factor=0.002)
        info["nodes"][1]["pid"] = proc.pid
        (home / "colony.json").write_text(json.dumps(info))
        wait_healthy(urls[1], proc=proc)
        resumed = status(http, urls[1])
        assert resumed["cycles"] >= saved_cycles - 10  # saved every 10 cycles
        assert resumed["cycles"] > 0
