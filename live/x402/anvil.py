"""A throw-away anvil node with PathUSD deployed, for crash tests and benchmarks.

The chain runs in its own process, so a gateway process can be killed (``kill -9``) and
restarted while chain state survives. The binary is found via ``$ANVIL_BIN``, then
``PATH``, then ``<repo>/.tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil``
(installed by ``npm install --prefix .tools @foundry-rs/anvil@1.7.1``).

Only anvil's *unlocked* dev accounts are used (``eth_sendTransaction``): no private key
appears here. Never point this at a real network.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from web3 import Web3

from live.chain.token import DEFAULT_NAME, DEFAULT_SYMBOL, load_artifact

_LOCAL = Path("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")


def find_anvil() -> str | None:
    """Path of the anvil binary, or ``None`` if it is not installed."""
    env = os.environ.get("ANVIL_BIN")
    if env and Path(env).is_file():
        return env
    found = shutil.which("anvil")
    if found:
        return found
    repo = Path(__file__).resolve().parents[2]
    local = repo / ".tools" / _LOCAL
    return str(local) if local.is_file() else None


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Anvil:
    """An anvil process on 127.0.0.1 with PathUSD deployed by dev account 0.

    Use as a context manager; :meth:`stop` kills the process and removes its home.

    Attributes:
        url: JSON-RPC URL.
        w3: Web3 connected to it.
        token_address: Deployed PathUSD.
        owner: Dev account 0 (token owner, faucet, gas source).
    """

    def __init__(self, binary: str | None = None, *, startup_timeout: float = 20.0) -> None:
        path = binary or find_anvil()
        if path is None:
            raise FileNotFoundError("anvil not found: set ANVIL_BIN or install it in .tools")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._home = tempfile.mkdtemp(prefix="anvil-home-")
        self.proc = subprocess.Popen(
            [path, "--host", "127.0.0.1", "--port", str(self.port), "--silent"],
            env={**os.environ, "HOME": self._home},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.w3 = Web3(Web3.HTTPProvider(self.url, request_kwargs={"timeout": 10}))
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                if self.w3.is_connected():
                    break
            except Exception:  # noqa: BLE001 - not up yet
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("anvil did not start")
            time.sleep(0.05)
        self.owner = self.w3.eth.accounts[0]
        art = load_artifact()
        factory = self.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
        receipt = self._wait(
            factory.constructor(DEFAULT_NAME, DEFAULT_SYMBOL).transact({"from": self.owner})
        )
        self.token_address: str = str(receipt["contractAddress"])
        self.token = self.w3.eth.contract(address=self.token_address, abi=art["abi"])

    def _wait(self, tx_hash: Any) -> Any:
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=10, poll_latency=0.01)
        if receipt["status"] != 1:
            raise RuntimeError("anvil: transaction reverted")
        return receipt

    @property
    def chain_id(self) -> int:
        """Chain id (31337)."""
        return int(self.w3.eth.chain_id)

    def faucet(self, address: str, units: int) -> None:
        """Mint ``units`` of PathUSD to ``address``."""
        self._wait(
            self.token.functions.mint(Web3.to_checksum_address(address), units).transact(
                {"from": self.owner}
            )
        )

    def fund_gas(self, address: str, wei: int = 10**19) -> None:
        """Send native currency for gas to ``address``."""
        tx = {"from": self.owner, "to": Web3.to_checksum_address(address), "value": wei}
        self._wait(self.w3.eth.send_transaction(tx))  # type: ignore[arg-type]

    def balance_of(self, address: str) -> int:
        """PathUSD balance of ``address``."""
        return int(self.token.functions.balanceOf(Web3.to_checksum_address(address)).call())

    def stop(self) -> None:
        """Kill anvil and remove its home directory."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        shutil.rmtree(self._home, ignore_errors=True)

    def __enter__(self) -> Anvil:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
