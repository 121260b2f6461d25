"""`colony node` as a real process on 127.0.0.1: info, an x402 payment, JSON-RPC; `colony chain`."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytest.importorskip("x402")

from live.chain.token import load_artifact  # noqa: E402
from live.x402.anvil import find_anvil, free_port  # noqa: E402

pytestmark = pytest.mark.live
CLI = [sys.executable, "-m", "colony_sim.cli"]


@pytest.fixture
def node(tmp_path):
    port, rpc_port = free_port(), free_port()
    proc = subprocess.Popen(
        [
            *CLI,
            "node",
            "--port",
            str(port),
            "--serve-rpc",
            str(rpc_port),
            "--data-dir",
            str(tmp_path / "node"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                info = httpx.get(f"{base}/instance/info", timeout=1.0).json()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"node did not start: {proc.stderr.read()}") from None
                time.sleep(0.2)
        yield base, rpc_port, info
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def test_node_reports_what_a_client_needs(node):
    base, rpc_port, info = node
    assert info["paid_url"] == f"{base}/g/demo/answer"
    assert info["price"] == 1_000
    assert info["network"].startswith("eip155:")
    assert info["token"].startswith("0x") and info["rpc_url"] == f"http://127.0.0.1:{rpc_port}"
    key_file = Path(info["demo_payer_key_file"])
    assert key_file.stat().st_mode & 0o777 == 0o600
    required = httpx.get(f"{base}/g/demo/answer")
    assert required.status_code == 402
    # the embedded chain's clock runs ahead under load: a long authorization window
    assert required.json()["accepts"][0]["maxTimeoutSeconds"] == 3600


def test_official_x402_client_pays_the_node(node):
    from eth_account import Account
    from x402 import x402Client
    from x402.http.clients.httpx import x402AsyncTransport
    from x402.mechanisms.evm import EthAccountSigner
    from x402.mechanisms.evm.exact import register_exact_evm_client

    base, rpc_port, info = node
    payer = Account.from_key(Path(info["demo_payer_key_file"]).read_text().strip())
    client = x402Client()
    register_exact_evm_client(client, EthAccountSigner(payer), networks=info["network"])
    client.set_spend_controls(
        {
            "allowed_assets": [
                {
                    "network": info["network"],
                    "asset": info["token"],
                    "max_amount_per_payment": "1000",
                }
            ]
        }
    )

    async def pay():
        transport = x402AsyncTransport(client, transport=httpx.AsyncHTTPTransport())
        async with httpx.AsyncClient(transport=transport, timeout=30) as http:
            return await http.get(info["paid_url"])

    def balance(address: str) -> int:
        data = "0x70a08231" + address[2:].lower().rjust(64, "0")
        reply = httpx.post(
            f"http://127.0.0.1:{rpc_port}/",
            json={
                "jsonrpc": "2.0",
                "id": 1,
                "method": "eth_call",
                "params": [{"to": info["token"], "data": data}, "latest"],
            },
        ).json()
        return int(reply["result"], 16)

    before = balance(info["pay_to"])
    response = asyncio.run(pay())
    assert response.status_code == 200 and response.json() == {"answer": 42}
    assert "payment-response" in response.headers
    assert balance(info["pay_to"]) == before + 1_000


def test_json_rpc_rejects_garbage_and_answers_chain_id(node):
    _, rpc_port, info = node
    url = f"http://127.0.0.1:{rpc_port}/"
    ok = httpx.post(url, json={"jsonrpc": "2.0", "id": 7, "method": "eth_chainId", "params": []})
    assert int(ok.json()["result"], 16) == int(info["network"].split(":")[1])
    bad = httpx.post(url, content=b"{not json", headers={"content-type": "application/json"})
    assert bad.json()["error"]["code"] == -32700
    wrong = httpx.post(url, json={"method": "eth_chainId", "params": {"a": 1}})
    assert wrong.json()["error"]["code"] == -32602


def test_json_rpc_answers_a_batch_in_order_and_refuses_empty_or_huge_ones(node):
    _, rpc_port, info = node
    url = f"http://127.0.0.1:{rpc_port}/"
    batch = [
        {"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []},
        {"jsonrpc": "2.0", "id": 2, "method": "eth_getBalance",
         "params": ["0x" + "42" * 20, "0x0"]},
        {"jsonrpc": "2.0", "id": 3},
    ]
    replies = httpx.post(url, json=batch).json()
    assert [r["id"] for r in replies] == [1, 2, None]
    assert int(replies[0]["result"], 16) == int(info["network"].split(":")[1])
    assert replies[1]["result"] == "0x0"
    assert replies[2]["error"]["code"] == -32600
    assert httpx.post(url, json=[]).json()["error"]["message"].endswith("empty batch")
    huge = [{"jsonrpc": "2.0", "id": i, "method": "eth_chainId"} for i in range(101)]
    assert "batch of 101 > 100" in httpx.post(url, json=huge).json()["error"]["message"]


def test_facilitator_reads_payer_state_in_one_batch(node):
    """Verification's two token reads (balance, authorizationState) are one HTTP round trip."""
    from live.x402.chain_web3 import Web3Chain

    _, rpc_port, info = node
    chain = Web3Chain.connect(f"http://127.0.0.1:{rpc_port}", info["token"])
    provider, sent = chain.w3.provider, []
    single, batch = provider.make_request, provider.make_batch_request
    provider.make_request = lambda *a: sent.append("single") or single(*a)
    provider.make_batch_request = lambda *a: sent.append("batch") or batch(*a)
    payer, nonce = "0x" + "42" * 20, "0x" + "07" * 32
    assert chain.payer_state(payer, nonce) == (0, False)
    assert sent == ["batch"]
    assert chain.payer_state(payer, nonce) == (
        chain.balance_of(payer),
        chain.authorization_used(payer, nonce),
    )


def test_an_outside_web3_client_sends_transactions_and_reads_receipts(node):
    """What a wallet or `cast` does over the served JSON-RPC: hex quantities in, wire shapes out."""
    from web3 import Web3

    _, rpc_port, info = node
    w3 = Web3(Web3.HTTPProvider(f"http://127.0.0.1:{rpc_port}", request_kwargs={"timeout": 10}))
    sender = w3.eth.accounts[0]
    to = Web3.to_checksum_address("0x" + "42" * 20)
    tx = w3.eth.send_transaction({"from": sender, "to": to, "value": 10**18})
    receipt = w3.eth.wait_for_transaction_receipt(tx, timeout=10)
    assert receipt["status"] == 1 and receipt["blockNumber"] == w3.eth.block_number
    assert receipt["transactionHash"] == tx and receipt["from"] == sender
    assert w3.eth.get_balance(to) == 10**18
    assert w3.eth.get_transaction(tx)["value"] == 10**18
    block = w3.eth.get_block(receipt["blockNumber"])
    assert tx in block["transactions"]
    token = w3.eth.contract(address=info["token"], abi=load_artifact()["abi"])
    assert token.functions.decimals().call() == 6


def test_node_refuses_a_bad_price(tmp_path):
    out = subprocess.run(
        [*CLI, "node", "--price", "0", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "--price" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(find_anvil() is None, reason="anvil not installed (make tools)")
def test_chain_up_and_down(tmp_path):
    port = free_port()
    up = subprocess.run(
        [*CLI, "chain", "up", "--port", str(port), "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert up.returncode == 0, up.stderr
    info = json.loads(up.stdout)
    try:
        code = httpx.post(
            info["rpc_url"],
            json={
                "jsonrpc": "2.0",
                "id": 1,
                "method": "eth_getCode",
                "params": [info["token"], "latest"],
            },
        ).json()
        assert len(code["result"]) > 100
    finally:
        down = subprocess.run(
            [*CLI, "chain", "down", "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert down.returncode == 0
    assert not (tmp_path / "chain.json").exists()
    with pytest.raises(httpx.HTTPError):
        httpx.post(
            info["rpc_url"], json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}, timeout=2
        )


def test_embedded_chain_in_its_own_process_funds_and_reads_like_anvil():
    from live.x402.anvil import EmbeddedRpc

    with EmbeddedRpc() as chain:
        who = "0x" + "ab" * 20
        chain.faucet(who, 1_234)
        chain.fund_gas(who, 10**15)
        assert chain.balance_of(who) == 1_234
        assert chain.w3.eth.get_balance(chain.w3.to_checksum_address(who)) == 10**15
        with chain.w3.batch_requests() as batch:  # web3's JSON-RPC batches work too
            batch.add(chain.token.functions.decimals())
            batch.add(chain.w3.eth.get_block(0))
            decimals, genesis = batch.execute()
        assert decimals == 6 and genesis["number"] == 0
        proc = chain.proc
    assert proc.poll() is not None  # stopped on exit
