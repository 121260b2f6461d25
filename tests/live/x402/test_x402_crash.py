"""Crash tests: a real gateway process (uvicorn on 127.0.0.1) on anvil, killed with
SIGKILL at each settlement stage, restarted on the same journal.

Every paid request must end settled exactly once (payer charged once per payment,
payee credited once), every client that got 200 must hold a receipt whose transaction
is mined on chain, and a retry of the interrupted request's header must get the content
with the same receipt and no second charge.

Needs anvil (``$ANVIL_BIN``, ``PATH`` or ``.tools``); skipped with a reason otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from web3.logs import DISCARD

from colony_sim import payments as p
from colony_sim.payments import SettleResponse
from live.chain.wallet import Wallet
from live.x402.anvil import Anvil, find_anvil, free_port
from live.x402.client import X402Client, receipt_of
from live.x402.facilitator import CRASH_STAGES
from live.x402.journal import Journal

pytestmark = [
    pytest.mark.live,
    pytest.mark.slow,
    pytest.mark.skipif(find_anvil() is None, reason="anvil not installed (see live/x402/anvil.py)"),
]

PRICE = 1_000
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def anvil():
    with Anvil() as node:
        yield node


class Server:
    def __init__(self, anvil: Anvil, fac: Wallet, payee: str, journal: Path, crash_at: str | None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "COLONY_X402_FACILITATOR_KEY": "0x" + bytes(fac.account.key).hex()}
        env.pop("COLONY_X402_CRASH_AT", None)
        if crash_at:
            env.update(COLONY_X402_TEST_HOOKS="1", COLONY_X402_CRASH_AT=crash_at)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "live.x402.serve",
                "--port",
                str(self.port),
                "--rpc",
                anvil.url,
                "--token",
                anvil.token_address,
                "--journal",
                str(journal),
                "--price",
                str(PRICE),
                "--pay-to",
                payee,
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gateway did not start: {self.proc.stderr.read()[-2000:]!r}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # graceful: uvicorn finishes responses and background tasks
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait(timeout=10)
        if self.proc.stderr:
            self.proc.stderr.close()


def assert_receipt_on_chain(anvil: Anvil, receipt: SettleResponse, payee: str) -> None:
    assert receipt.success and receipt.network == f"eip155:{anvil.chain_id}"
    mined = anvil.w3.eth.get_transaction_receipt(receipt.transaction)
    assert mined["status"] == 1
    logs = anvil.token.events.Transfer().process_receipt(mined, errors=DISCARD)
    assert [(log.args["receiver"], log.args["amount"]) for log in logs] == [(payee, PRICE)]


@pytest.mark.parametrize("stage", CRASH_STAGES)
def test_kill_at_stage_then_restart(anvil, tmp_path, stage):
    fac, payer, payee = Wallet.generate(), Wallet.generate(), Wallet.generate()
    anvil.fund_gas(fac.address)
    anvil.faucet(payer.address, 100 * PRICE)
    journal = tmp_path / "journal.sqlite"
    client = X402Client(payer, max_amount=PRICE)
    receipts: list[SettleResponse] = []

    server = Server(anvil, fac, payee.address, journal, crash_at=stage)
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            headers, payment = client.payment_header(http.get("/g/demo/answer"))
            with pytest.raises(httpx.TransportError):
                http.get("/g/demo/answer", headers=headers)
        assert server.proc.wait(timeout=10) == -9
    finally:
        server.stop()

    server = Server(anvil, fac, payee.address, journal, crash_at=None)
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            retry = http.get("/g/demo/answer", headers=headers)
            assert retry.status_code == 200, retry.text
            assert retry.json() == {"answer": 42}
            receipt = receipt_of(retry)
            assert receipt is not None
            receipts.append(receipt)
            again = http.get("/g/demo/answer", headers=headers)
            assert again.status_code == 402 and again.json()["error"] == p.NONCE_USED
            assert receipt_of(again) == receipt
            later = client.request(http, "GET", "/g/demo/answer")
            assert later.response.status_code == 200 and later.receipt
            receipts.append(later.receipt)
    finally:
        server.stop()

    assert len({r.transaction for r in receipts}) == 2
    for r in receipts:
        assert_receipt_on_chain(anvil, r, payee.address)
    assert anvil.balance_of(payer.address) == 98 * PRICE
    assert anvil.balance_of(payee.address) == 2 * PRICE
    rows = Journal(journal).rows()
    assert [r.state for r in rows] == ["delivered"] * 2
    assert payment.authorization.nonce in {r.nonce for r in rows}


@pytest.mark.parametrize("stage", ["before_broadcast", "after_submit"])
def test_no_payment_lost_without_retry(anvil, tmp_path, stage):
    """A crash after signing settles on restart even if the client never comes back."""
    fac, payer, payee = Wallet.generate(), Wallet.generate(), Wallet.generate()
    anvil.fund_gas(fac.address)
    anvil.faucet(payer.address, 10 * PRICE)
    journal = tmp_path / "journal.sqlite"
    client = X402Client(payer, max_amount=PRICE)
    server = Server(anvil, fac, payee.address, journal, crash_at=stage)
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            with pytest.raises(httpx.TransportError):
                client.request(http, "GET", "/g/demo/answer")
    finally:
        server.stop()
    server = Server(anvil, fac, payee.address, journal, crash_at=None)
    server.stop()  # reconciliation happens at startup, before /health answers
    rows = Journal(journal).rows()
    assert [r.state for r in rows] == ["settled"]
    assert anvil.balance_of(payee.address) == PRICE
    assert anvil.balance_of(payer.address) == 9 * PRICE
