"""Bad input at the gateway: each case is refused (400/402) with an x402 error reason,
nothing settles, balances and the journal's settled records do not change."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from colony_sim import payments as p
from colony_sim.payments import PaymentPayload, PaymentRequired
from live.chain.wallet import Wallet
from live.x402.client import X402Client
from tests.live.x402.conftest import PRICE, World

pytestmark = pytest.mark.live

URL = "/g/demo/answer"


@pytest.fixture(scope="module")
def env():
    world = World()
    gateway, app, upstream = world.gateway()
    http = TestClient(app)
    unpaid = http.get(URL)
    required = PaymentRequired.decode(unpaid.headers["PAYMENT-REQUIRED"])
    return world, gateway, http, required.accepts[0], upstream


def b64(obj) -> str:
    return base64.b64encode(json.dumps(obj).encode()).decode()


def signed(world, req, *, wallet=None, clock=None, version=2) -> PaymentPayload:
    kwargs = {"clock": clock} if clock else {}
    return X402Client(wallet or world.payer, max_amount=10**12, **kwargs).sign(req, version)


def case_header(name, env):
    world, _, _, req, _ = env
    now = world.embedded.timestamp()
    good = signed(world, req)
    other = Wallet.generate()
    if name == "malformed_base64":
        return "%%%not-base64%%%"
    if name == "invalid_json":
        return base64.b64encode(b"{not json").decode()
    if name == "missing_fields":
        obj = good.to_json()
        del obj["payload"]["signature"]
        return b64(obj)
    if name == "missing_authorization_field":
        obj = good.to_json()
        del obj["payload"]["authorization"]["value"]
        return b64(obj)
    if name == "v1_authorization_not_an_object":  # once an AttributeError: a 500
        obj = signed(world, req, version=1).to_json()
        obj["payload"]["authorization"] = ["not", "an", "object"]
        return b64(obj)
    if name == "amount_in_superscript_digits":  # "²".isdigit(), int("²") fails: once a 500
        obj = good.to_json()
        obj["payload"]["authorization"]["value"] = "²"
        return b64(obj)
    if name == "wrong_version":
        obj = good.to_json()
        obj["x402Version"] = 7
        return b64(obj)
    if name == "oversized":
        return "A" * (p.MAX_HEADER_BYTES + 4)
    if name == "wrong_signature":  # signed by someone else, claims to be the payer
        forged = signed(world, req, wallet=other)
        return replace(
            forged, authorization=replace(forged.authorization, payer=world.payer.address)
        ).encode()
    if name == "tampered_value":
        return replace(good, authorization=replace(good.authorization, value=PRICE * 2)).encode()
    if name == "wrong_amount":
        return signed(world, replace(req, amount=PRICE - 1)).encode()
    if name == "wrong_asset":
        return signed(world, replace(req, asset="0x" + "ab" * 20)).encode()
    if name == "wrong_pay_to":
        return signed(world, replace(req, pay_to=other.address)).encode()
    if name == "wrong_network":
        return signed(world, replace(req, network="eip155:1")).encode()
    if name == "wrong_scheme":
        return signed(world, replace(req, scheme="upto")).encode()
    if name == "expired":
        return signed(world, req, clock=lambda: now - 1_000).encode()
    if name == "not_yet_valid":
        return signed(world, req, clock=lambda: now + 3_000).encode()
    if name == "insufficient_balance":
        return signed(world, req, wallet=other).encode()
    if name == "bad_address":
        return replace(good, authorization=replace(good.authorization, payer="0x1234")).encode()
    raise AssertionError(name)


CASES = {
    "malformed_base64": (400, p.INVALID_PAYLOAD),
    "invalid_json": (400, p.INVALID_PAYLOAD),
    "missing_fields": (400, p.INVALID_PAYLOAD),
    "missing_authorization_field": (400, p.INVALID_PAYLOAD),
    "v1_authorization_not_an_object": (400, p.INVALID_PAYLOAD),
    "amount_in_superscript_digits": (400, p.INVALID_PAYLOAD),
    "wrong_version": (400, p.INVALID_VERSION),
    "oversized": (400, p.INVALID_PAYLOAD),
    "wrong_signature": (402, p.SIGNATURE_INVALID),
    "tampered_value": (402, p.VALUE_MISMATCH),
    "wrong_amount": (402, p.VALUE_MISMATCH),
    "wrong_asset": (402, p.ASSET_MISMATCH),
    "wrong_pay_to": (402, p.RECIPIENT_MISMATCH),
    "wrong_network": (402, p.INVALID_NETWORK),
    "wrong_scheme": (402, p.INVALID_SCHEME),
    "expired": (402, p.VALID_BEFORE),
    "not_yet_valid": (402, p.VALID_AFTER),
    "insufficient_balance": (402, p.INSUFFICIENT_FUNDS),
    "bad_address": (400, p.INVALID_PAYLOAD),
}


def settled_rows(gateway):
    return [r.key for r in gateway.facilitator.journal.rows("settled", "delivered")]


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_header_is_refused(env, name):
    world, gateway, http, _, upstream = env
    status, reason = CASES[name]
    before, rows, served = world.balances(), settled_rows(gateway), upstream.state.served
    for header in ("PAYMENT-SIGNATURE", "X-PAYMENT"):
        r = http.get(URL, headers={header: case_header(name, env)})
        assert r.status_code == status, (header, r.text)
        assert r.json()["error"] == reason, r.text
        assert "PAYMENT-RESPONSE" not in r.headers
    assert world.balances() == before
    assert settled_rows(gateway) == rows
    assert upstream.state.served == served


def test_reused_nonce_is_refused_with_original_receipt(env):
    world, gateway, http, req, upstream = env
    header = signed(world, req).encode()
    first = http.get(URL, headers={"PAYMENT-SIGNATURE": header})
    assert first.status_code == 200
    before, rows, served = world.balances(), settled_rows(gateway), upstream.state.served
    again = http.get(URL, headers={"PAYMENT-SIGNATURE": header})
    assert again.status_code == 402
    assert again.json()["error"] == p.NONCE_USED
    assert again.headers["PAYMENT-RESPONSE"] == first.headers["PAYMENT-RESPONSE"]
    assert "answer" not in again.json()
    assert (world.balances(), settled_rows(gateway), upstream.state.served) == (
        before,
        rows,
        served,
    )


def test_same_nonce_other_signature_learns_nothing(env):
    world, gateway, http, req, _ = env
    paid = signed(world, req)
    assert http.get(URL, headers={"PAYMENT-SIGNATURE": paid.encode()}).status_code == 200
    forged = replace(paid, signature=paid.signature[:-4] + "beef")
    r = http.get(URL, headers={"PAYMENT-SIGNATURE": forged.encode()})
    assert r.status_code == 402 and r.json()["error"] == p.NONCE_USED
    assert "PAYMENT-RESPONSE" not in r.headers


def test_upstream_error_charges_nothing_and_releases(env):
    world, gateway, http, req, _ = env
    before = world.balances()
    payment = signed(world, req)
    r = http.get("/g/demo/broken", headers={"PAYMENT-SIGNATURE": payment.encode()})
    assert r.status_code == 500
    assert world.balances() == before
    assert gateway.facilitator.journal.get(gateway.facilitator.key(payment)).state == "released"


def test_v1_client_gets_v1_receipt(env):
    world, _, http, req, _ = env
    r = http.get(URL, headers={"X-PAYMENT": signed(world, req, version=1).encode()})
    assert r.status_code == 200, r.text
    assert "X-PAYMENT-RESPONSE" in r.headers


def test_unknown_route_and_free_paths(env):
    _, _, http, _, _ = env
    assert http.get("/g/nope/x").status_code == 404
    assert http.get("/g/demo/free").json() == {"free": True}
    body = http.get(URL).json()
    assert body["accepts"][0]["maxAmountRequired"] == str(PRICE)
