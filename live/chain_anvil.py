"""``colony chain up|down``: a persistent local anvil node with PathUSD deployed.

``up`` starts anvil (installed from npm by ``make test``/``make tools``) on 127.0.0.1,
deploys the token from its committed artifact with anvil's first unlocked dev account,
and writes ``<data-dir>/chain.json`` (RPC URL, chain id, token address, pid). ``down``
stops it. Anvil's state goes to a temporary HOME, never to ``~/.foundry``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from web3 import Web3

from colony_sim.errors import ColonyError
from live.chain.token import DEFAULT_NAME, DEFAULT_SYMBOL, load_artifact
from live.x402.anvil import find_anvil


def chain_up(data_dir: Path, port: int = 8545, timeout: float = 20.0) -> dict[str, Any]:
    """Start anvil and deploy PathUSD; returns what ``chain.json`` holds."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    state = data_dir / "chain.json"
    if state.exists() and _alive(json.loads(state.read_text()).get("pid", -1)):
        raise ColonyError(f"chain: already up ({state}); run `colony chain down` first")
    binary = find_anvil()
    if binary is None:
        raise ColonyError("chain: anvil not installed; run `make tools` (npm @foundry-rs/anvil)")
    home = tempfile.mkdtemp(prefix="colony-anvil-")
    proc = subprocess.Popen(
        [binary, "--host", "127.0.0.1", "--port", str(port), "--silent"],
        env={**os.environ, "HOME": home},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    w3 = Web3(Web3.HTTPProvider(url))
    deadline = time.monotonic() + timeout
    while not _connected(w3):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise ColonyError(f"chain: anvil did not start on port {port}")
        time.sleep(0.05)
    artifact = load_artifact()
    owner = w3.eth.accounts[0]
    contract = w3.eth.contract(abi=artifact["abi"], bytecode=artifact["bytecode"])
    tx = contract.constructor(DEFAULT_NAME, DEFAULT_SYMBOL).transact({"from": owner})
    token = w3.eth.wait_for_transaction_receipt(tx)["contractAddress"]
    info = {
        "rpc_url": url,
        "chain_id": int(w3.eth.chain_id),
        "token": token,
        "owner": owner,
        "pid": proc.pid,
        "home": home,
    }
    state.write_text(json.dumps(info, indent=2) + "\n")
    return info


def chain_down(data_dir: Path) -> None:
    """Stop the anvil started by :func:`chain_up` (a no-op if it is not running)."""
    state = Path(data_dir) / "chain.json"
    if not state.exists():
        return
    info = json.loads(state.read_text())
    pid = int(info.get("pid", -1))
    if _alive(pid):
        os.killpg(pid, signal.SIGTERM)
        for _ in range(100):
            if not _alive(pid):
                break
            time.sleep(0.05)
    state.unlink()


def _connected(w3: Web3) -> bool:
    try:
        return bool(w3.is_connected())
    except Exception:  # noqa: BLE001 - any transport error means "not yet"
        return False


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie child of ours counts as gone
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


class DevFaucet:
    """Faucet of a local development chain (anvil).

    Its unlocked first account mints PathUSD (it deployed the token, so it owns it) and
    sends gas.

    Args:
        w3: Web3 connected to the chain.
        token: PathUSD address.
    """

    def __init__(self, w3: Web3, token: str) -> None:
        self.w3 = w3
        self.owner = w3.eth.accounts[0]
        self.token = w3.eth.contract(address=Web3.to_checksum_address(token),
                                     abi=load_artifact()["abi"])

    def _wait(self, tx_hash: Any) -> None:
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=20, poll_latency=0.02)
        if receipt["status"] != 1:
            raise ColonyError("faucet: transaction reverted (is the first account the owner?)")

    def faucet(self, address: str, units: int) -> None:
        """Mint ``units`` of PathUSD to ``address``."""
        to = Web3.to_checksum_address(address)
        self._wait(self.token.functions.mint(to, units).transact({"from": self.owner}))

    def fund_gas(self, address: str, wei: int) -> None:
        """Send ``wei`` of native currency to ``address``."""
        tx = {"from": self.owner, "to": Web3.to_checksum_address(address), "value": wei}
        self._wait(self.w3.eth.send_transaction(tx))  # type: ignore[arg-type]

    def eth_balance(self, address: str) -> int:
        """Native balance of ``address`` in wei."""
        return int(self.w3.eth.get_balance(Web3.to_checksum_address(address)))
