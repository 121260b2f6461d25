"""Interop with the official ``x402`` package, both directions, on the embedded chain."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from x402 import x402Client, x402Facilitator, x402ResourceServer
from x402.http.clients.httpx import x402AsyncTransport
from x402.http.middleware.fastapi import payment_middleware
from x402.mechanisms.evm import EthAccountSigner
from x402.mechanisms.evm.exact import (
    register_exact_evm_client,
    register_exact_evm_facilitator,
    register_exact_evm_server,
)

from colony_sim.payments import PaymentRequired, SettleResponse
from live.x402.client import X402Client
from live.x402.signer_web3 import X402Web3FacilitatorSigner
from tests.live.x402.conftest import PRICE, World

pytestmark = pytest.mark.live


def official_client(world: World) -> x402Client:
    client = x402Client()
    register_exact_evm_client(
        client, EthAccountSigner(world.payer.account), networks=f"eip155:{world.embedded.chain_id}"
    )
    client.set_spend_controls(
        {
            "allowed_assets": [
                {
                    "network": f"eip155:{world.embedded.chain_id}",
                    "asset": world.embedded.token.address,
                    "max_amount_per_payment": str(PRICE),
                }
            ]
        }
    )
    return client


def test_official_client_pays_our_gateway(world: World) -> None:
    gateway, app, upstream = world.gateway()
    before = world.balances()

    async def run() -> tuple[httpx.Response, httpx.Response]:
        asgi = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=asgi, base_url="http://gw") as plain:
            unpaid = await plain.get("/g/demo/answer")
        transport = x402AsyncTransport(official_client(world), transport=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as payer:
            paid = await payer.get("/g/demo/answer")
        return unpaid, paid

    unpaid, paid = asyncio.run(run())
    assert unpaid.status_code == 402
    required = PaymentRequired.decode(unpaid.headers["PAYMENT-REQUIRED"])
    assert required.accepts[0].amount == PRICE
    assert required.accepts[0].network == f"eip155:{world.embedded.chain_id}"
    assert paid.status_code == 200, paid.text
    assert paid.json() == {"answer": 42}
    receipt = SettleResponse.decode(paid.headers["PAYMENT-RESPONSE"])
    assert receipt.success and receipt.transaction.startswith("0x")
    tx = world.embedded.w3.eth.get_transaction_receipt(receipt.transaction)
    assert tx["status"] == 1
    assert world.balances() == (before[0] - PRICE, before[1] + PRICE)
    assert upstream.state.served == 1
    assert gateway.facilitator.journal.counts() == {"delivered": 1}


def reference_server(world: World) -> FastAPI:
    """A resource server built from the x402 package's middleware and facilitator."""
    network = f"eip155:{world.embedded.chain_id}"
    fac = x402Facilitator()
    signer = X402Web3FacilitatorSigner(world.chain(), world.facilitator_wallet)
    register_exact_evm_facilitator(fac, signer, networks=network)
    server = x402ResourceServer(fac)
    register_exact_evm_server(server, networks=network)
    price = {
        "amount": str(PRICE),
        "asset": world.embedded.token.address,
        "extra": {"name": world.embedded.domain.name, "version": world.embedded.domain.version},
    }
    routes = {
        "GET /paid": {
            "accepts": {
                "scheme": "exact",
                "payTo": world.payee.address,
                "network": network,
                "price": price,
            }
        }
    }
    app = FastAPI()
    middleware = payment_middleware(routes, server)

    @app.middleware("http")
    async def x402_mw(request, call_next):  # type: ignore[no-untyped-def]
        return await middleware(request, call_next)

    @app.get("/paid")
    async def paid() -> dict[str, int]:
        return {"secret": 7}

    return app


def test_our_client_pays_reference_server(world: World) -> None:
    app = reference_server(world)
    client = X402Client(world.payer, max_amount=PRICE, assets=[world.embedded.token.address])
    before = world.balances()

    async def run():  # type: ignore[no-untyped-def]
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://ref"
        ) as http:
            return await client.arequest(http, "GET", "/paid")

    result = asyncio.run(run())
    assert result.response.status_code == 200, result.response.text
    assert result.response.json() == {"secret": 7}
    assert result.receipt is not None and result.receipt.success
    assert world.embedded.w3.eth.get_transaction_receipt(result.receipt.transaction)["status"] == 1
    assert world.balances() == (before[0] - PRICE, before[1] + PRICE)


def test_our_client_pays_our_gateway_sync(world: World) -> None:
    _, app, _ = world.gateway()
    client = X402Client(world.payer, max_amount=PRICE)
    before = world.balances()

    async def run():  # type: ignore[no-untyped-def]
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gw"
        ) as http:
            free = await http.get("/g/demo/free")
            health = await http.get("/health")
            paid = await client.arequest(http, "GET", "/g/demo/answer")
            return free, health, paid

    free, health, paid = asyncio.run(run())
    assert free.status_code == 200 and health.status_code == 200
    assert paid.response.status_code == 200 and paid.receipt and paid.receipt.success
    assert world.balances() == (before[0] - PRICE, before[1] + PRICE)


def test_payer_state_without_batches_reads_one_by_one(world) -> None:
    """The in-process eth-tester provider cannot batch: the same answers, call by call."""
    chain = world.chain()
    nonce = "0x" + "07" * 32
    state = chain.payer_state(world.payer.address, nonce)
    assert state == (chain.balance_of(world.payer.address), False) and state[0] > 0
    assert chain._batches is False
