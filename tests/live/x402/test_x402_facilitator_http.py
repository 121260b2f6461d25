"""Our facilitator over HTTP: used by the x402 package's HTTPFacilitatorClient, and its
endpoints' answers to good and bad bodies."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from x402 import x402ResourceServer
from x402.http import HTTPFacilitatorClient
from x402.http.middleware.fastapi import payment_middleware
from x402.mechanisms.evm.exact import register_exact_evm_server

from colony_sim import payments as p
from live.serving import ThreadServer
from live.x402.client import X402Client
from tests.live.x402.conftest import PRICE, World

pytestmark = pytest.mark.live


def test_x402_resource_server_settles_through_our_facilitator(world: World) -> None:
    gateway, app, _ = world.gateway()
    served = ThreadServer(app)
    try:
        network = f"eip155:{world.embedded.chain_id}"
        facilitator = HTTPFacilitatorClient({"url": f"http://127.0.0.1:{served.port}/facilitator"})
        server = x402ResourceServer(facilitator)
        register_exact_evm_server(server, networks=network)
        price = {
            "amount": str(PRICE),
            "asset": world.embedded.token.address,
            "extra": {"name": "pathUSD", "version": "1"},
        }
        routes = {
            "GET /thing": {
                "accepts": {
                    "scheme": "exact",
                    "payTo": world.payee.address,
                    "network": network,
                    "price": price,
                }
            }
        }
        other = FastAPI()
        middleware = payment_middleware(routes, server)

        @other.middleware("http")
        async def x402_mw(request, call_next):  # type: ignore[no-untyped-def]
            return await middleware(request, call_next)

        @other.get("/thing")
        async def thing() -> dict[str, str]:
            return {"thing": "paid"}

        client = X402Client(world.payer, max_amount=PRICE)
        before = world.balances()

        async def run():  # type: ignore[no-untyped-def]
            transport = httpx.ASGITransport(app=other)
            async with httpx.AsyncClient(transport=transport, base_url="http://other") as http:
                return await client.arequest(http, "GET", "/thing")

        result = asyncio.run(run())
        assert result.response.status_code == 200, result.response.text
        assert result.receipt and result.receipt.success
        assert world.balances() == (before[0] - PRICE, before[1] + PRICE)
        assert gateway.facilitator.journal.counts() == {"settled": 1}
    finally:
        served.stop()


def test_facilitator_endpoints(world: World) -> None:
    gateway, app, _ = world.gateway()
    http = TestClient(app)
    supported = http.get("/facilitator/supported").json()
    assert {
        "x402Version": 2,
        "scheme": "exact",
        "network": gateway.facilitator.network,
    } in supported["kinds"]
    req = gateway.requirements(gateway.routes["demo"])
    payment = X402Client(world.payer, max_amount=PRICE).sign(req)
    body = {
        "x402Version": 2,
        "paymentPayload": payment.to_json(),
        "paymentRequirements": req.to_json(),
    }
    before = world.balances()
    assert http.post("/facilitator/verify", json=body).json()["isValid"] is True
    assert world.balances() == before
    settled = http.post("/facilitator/settle", json=body).json()
    assert settled["success"] and settled["transaction"].startswith("0x")
    again = http.post("/facilitator/settle", json=body).json()
    assert again == {
        "success": False,
        "errorReason": p.NONCE_USED,
        "payer": world.payer.address,
        "transaction": "",
        "network": gateway.facilitator.network,
    }
    assert world.balances() == (before[0] - PRICE, before[1] + PRICE)
    for bad in (
        b"{nope",
        b"[]",
        b'{"x402Version": 2}',
        b'{"x402Version": 2, "paymentPayload": {"x402Version": 2}, "paymentRequirements": {}}',
    ):
        r = http.post("/facilitator/verify", content=bad)
        assert r.status_code == 400 and r.json()["invalidReason"] == p.INVALID_PAYLOAD, r.text
        r = http.post("/facilitator/settle", content=bad)
        assert r.status_code == 400 and r.json()["errorReason"] == p.INVALID_PAYLOAD, r.text
    assert world.balances() == (before[0] - PRICE, before[1] + PRICE)
