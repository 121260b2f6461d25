"""A paid cartridge behind the real gateway sees its payment through ``payment_info``, and a
client's forged ``x-x402-*`` headers change nothing it sees."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

pytest.importorskip("web3")
pytest.importorskip("x402")

from fastapi.testclient import TestClient  # noqa: E402

from colony_sim.payments import PaymentRequired  # noqa: E402
from live.cartridge.router_fastapi import cartridge_app, gateway_route  # noqa: E402
from live.x402.client import X402Client  # noqa: E402
from live.x402.facilitator import Facilitator  # noqa: E402
from live.x402.gateway import Gateway, Route, create_app  # noqa: E402
from tests.live.x402.conftest import PRICE, World  # noqa: E402

pytestmark = pytest.mark.live

FORGED = {
    "x-x402-payer": "0x" + "66" * 20,
    "X-X402-Amount": "999999999",
    "x-x402-transaction": "0x" + "de" * 32,
    "x-x402-nonce": "0x" + "00" * 32,
}

# Answers the whole request JSON it was handed: {method, path, headers, payment, body}.
WHOLE_REQUEST = """(module
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "x402_handle") (param $req i32) (param $len i32)
    (call $response (i32.const 200) (local.get $req) (local.get $len)
                    (i32.const 0) (i32.const 0))))
"""


@pytest.fixture(scope="module")
def world():
    return World()


@pytest.fixture
def gateway(world, store, host):
    manifest = store.create("info", template="paid-info", price=PRICE)
    store.compile("info")
    host.install("whole", WHOLE_REQUEST)
    routes = [
        replace(gateway_route(host, manifest, world.payee.address), free=frozenset({"free"})),
        Route("whole", PRICE, world.payee.address, cartridge_app(host, "whole")),
    ]
    return Gateway(Facilitator(world.chain(), world.facilitator_wallet), routes)


@pytest.fixture
def http(gateway):
    with TestClient(create_app(gateway, reconcile=False)) as client:
        yield client


@pytest.fixture
def payer(world):
    return X402Client(world.payer, max_amount=PRICE)


def test_a_paid_call_shows_the_payer_and_the_price(http, payer, world):
    paid = payer.request(http, "GET", "/g/info/")
    assert paid.response.status_code == 200, paid.response.text
    seen = paid.response.json()
    assert seen["payer"] == world.payer.address
    assert seen["amount"] == str(PRICE)
    assert seen["asset"] == world.embedded.token.address
    assert seen["network"] == paid.payment.accepted.network
    assert seen["nonce"] == paid.payment.authorization.nonce


def test_a_paid_call_is_not_settled_while_the_cartridge_runs(http, payer):
    paid = payer.request(http, "GET", "/g/info/")
    seen = paid.response.json()
    assert seen["tx_hash"] == "" and seen["settled"] is False
    assert paid.receipt is not None and paid.receipt.success  # settled after it answered


def test_forged_headers_on_a_paid_call_change_nothing(http, payer, world):
    paid = payer.request(http, "GET", "/g/info/", headers=FORGED)
    seen = paid.response.json()
    assert seen["payer"] == world.payer.address and seen["amount"] == str(PRICE)
    assert seen["nonce"] == paid.payment.authorization.nonce
    assert seen["tx_hash"] == ""


def test_a_free_sub_path_shows_null_even_with_forged_headers(http):
    r = http.get("/g/info/free", headers=FORGED)
    assert r.status_code == 200 and r.json() is None


def test_the_guest_gets_the_payment_in_its_request_but_no_x402_headers(http, payer, world):
    paid = payer.request(http, "POST", "/g/whole/x", content="hi", headers=FORGED)
    request = json.loads(paid.response.content)
    assert request["payment"]["payer"] == world.payer.address
    assert request["body"] == "hi"
    assert not [name for name in request["headers"] if name.startswith("x-x402-")]


def test_a_settled_response_served_again_carries_its_hash(http, gateway, payer):
    # Settled but never delivered, as when the gateway died before answering.
    required = PaymentRequired.decode(http.get("/g/info/").headers["PAYMENT-REQUIRED"])
    payment = payer.sign(required.accepts[0])
    receipt = gateway.facilitator.settle(payment, required.accepts[0])
    assert receipt.success
    r = http.get("/g/info/", headers={"PAYMENT-SIGNATURE": payment.encode(), **FORGED})
    assert r.status_code == 200, r.text
    seen = r.json()
    assert seen["tx_hash"] == receipt.transaction and seen["settled"] is True
    assert seen["payer"] == payment.authorization.payer


def test_a_replay_shows_the_journaled_payment_not_the_header(http, gateway, payer, world):
    required = PaymentRequired.decode(http.get("/g/info/").headers["PAYMENT-REQUIRED"])
    payment = payer.sign(required.accepts[0])
    assert gateway.facilitator.settle(payment, required.accepts[0]).success
    # Same signature and authorization, but a different echo of the requirement.
    edited = replace(payment, accepted=replace(payment.accepted, asset="0x" + "ab" * 20))
    r = http.get("/g/info/", headers={"PAYMENT-SIGNATURE": edited.encode()})
    assert r.status_code == 200, r.text
    assert r.json()["asset"] == world.embedded.token.address
