"""Throw-away local chains with PathUSD deployed, for crash tests and benchmarks.

:class:`Anvil` is an anvil node; :class:`EmbeddedRpc` is the project's embedded chain
(eth-tester, what ``colony node`` runs by default) in its own process, served as
JSON-RPC by ``colony node --serve-rpc``. Both are reached the same way, over HTTP.

The chain runs in its own process, so a gateway process can be killed (``kill -9``) and
restarted while chain state survives. The anvil binary is found via ``$ANVIL_BIN``, then
``PATH``, then ``<repo>/.tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil``
(installed by ``npm install --prefix .tools @foundry-rs/anvil@1.7.1``).

Only anvil's *unlocked* dev accounts are used (``eth_sendTransaction``): no private key
appears here. Never point this at a real network.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
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


class DevChain:
    """A local dev chain in its own process, reached over JSON-RPC, with PathUSD deployed.

    The owner is an *unlocked* dev account (``eth_sendTransaction``), so no key is
    handled here. Subclasses start the process and set the attributes below; use as a
    context manager, :meth:`stop` ends the process.

    Attributes:
        url: JSON-RPC URL.
        w3: Web3 connected to it.
        token_address: Deployed PathUSD.
        token: Web3 contract object of PathUSD.
        owner: Dev account 0 (token owner, faucet, gas source).
    """

    url: str
    w3: Web3
    token_address: str
    token: Any
    owner: str

    def _connect(self, proc: subprocess.Popen[Any], timeout: float) -> None:
        self.w3 = Web3(Web3.HTTPProvider(self.url, request_kwargs={"timeout": 10}))
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.w3.is_connected():
                    break
            except Exception:  # noqa: BLE001 - not up yet
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"{type(self).__name__.lower()} did not start")
            time.sleep(0.05)
        self.owner = self.w3.eth.accounts[0]

    def _use_token(self, address: str) -> None:
        self.token_address = Web3.to_checksum_address(address)
        self.token = self.w3.eth.contract(address=self.token_address, abi=load_artifact()["abi"])

    def _wait(self, tx_hash: Any) -> Any:
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=10, poll_latency=0.01)
        if receipt["status"] != 1:
            raise RuntimeError(f"{type(self).__name__}: transaction reverted")
        return receipt

    @property
    def chain_id(self) -> int:
        """Chain id."""
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
        """End the chain's process."""
        raise NotImplementedError

    def __enter__(self) -> DevChain:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Anvil(DevChain):
    """An anvil process on 127.0.0.1 with PathUSD deployed by dev account 0.

    Use as a context manager; :meth:`stop` kills the process and removes its home.
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
        self._connect(self.proc, startup_timeout)
        art = load_artifact()
        factory = self.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
        receipt = self._wait(
            factory.constructor(DEFAULT_NAME, DEFAULT_SYMBOL).transact({"from": self.owner})
        )
        self._use_token(str(receipt["contractAddress"]))

    def stop(self) -> None:
        """Kill anvil and remove its home directory."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        shutil.rmtree(self._home, ignore_errors=True)


class EmbeddedRpc(DevChain):
    """The embedded chain in its own process, as JSON-RPC on 127.0.0.1.

    Runs ``colony node --serve-rpc`` (its idle demo gateway costs nothing) in a
    temporary data directory and reads the token address from ``/instance/info``. The
    owner is eth-tester's unlocked dev account 0, which deployed PathUSD.
    """

    def __init__(self, *, startup_timeout: float = 60.0) -> None:
        import httpx  # the live extra's; the anvil half does not need it

        self._home = tempfile.mkdtemp(prefix="embedded-rpc-")
        gateway, self.port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "colony_sim.cli", "node", "--port", str(gateway),
             "--serve-rpc", str(self.port), "--data-dir", self._home],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._connect(self.proc, startup_timeout)
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                info = httpx.get(f"http://127.0.0.1:{gateway}/instance/info", timeout=1).json()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError("embedded chain node did not start") from None
                time.sleep(0.1)
        self._use_token(info["token"])

    def stop(self) -> None:
        """Stop the node process and remove its data directory."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        shutil.rmtree(self._home, ignore_errors=True)
