import base64
import json

import pytest

from colony_sim import payments as p
from colony_sim.errors import PaymentError
from colony_sim.payments import Authorization, PaymentPayload, PaymentRequirements

REQ = PaymentRequirements(
    "exact", "eip155:42431", 1000, "0xtoken", "0xpayee", 60, {"name": "pathUSD"}
)
AUTH = Authorization("0xpayer", "0xpayee", 1000, 0, 100, "0x" + "ab" * 32)
PAYLOAD = PaymentPayload(REQ, AUTH, "0x" + "11" * 65)


def header(obj) -> str:
    return base64.b64encode(json.dumps(obj).encode()).decode()


def test_round_trip():
    assert PaymentPayload.decode(PAYLOAD.encode()) == PAYLOAD


def test_wire_form_is_camel_case_strings():
    wire = PAYLOAD.to_json()
    assert wire["x402Version"] == 2
    assert wire["accepted"]["payTo"] == "0xpayee" and wire["accepted"]["amount"] == "1000"
    assert wire["payload"]["authorization"]["validBefore"] == "100"


def test_v1_payload_is_accepted():
    v1 = {
        "x402Version": 1,
        "scheme": "exact",
        "network": "base-sepolia",
        "payload": {"signature": PAYLOAD.signature, "authorization": AUTH.to_json()},
    }
    parsed = PaymentPayload.from_json(v1)
    assert parsed.x402_version == 1 and parsed.accepted.amount == 1000


def test_v1_requirements_amount_field():
    wire = REQ.to_json()
    wire["maxAmountRequired"] = wire.pop("amount")
    assert PaymentRequirements.from_json(wire).amount == 1000


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("%%%not-base64", "base64"),
        (base64.b64encode(b"{not json").decode(), "not JSON"),
        (header([1, 2]), "paymentPayload"),
        (header({"x402Version": 3, "payload": {}}), "x402Version"),
        (header({"x402Version": 2}), "payload"),
        (
            header({**PAYLOAD.to_json(), "payload": {"authorization": AUTH.to_json()}}),
            "payload.signature",
        ),
        (header({**PAYLOAD.to_json(), "accepted": {**REQ.to_json(), "amount": "-5"}}), "amount"),
        (
            header(
                {
                    **PAYLOAD.to_json(),
                    "payload": {
                        "signature": "0x",
                        "authorization": {**AUTH.to_json(), "nonce": "12"},
                    },
                }
            ),
            "nonce",
        ),
        ("A" * 20_000, "longer than"),
    ],
)
def test_malformed_headers_name_the_field(value, needle):
    with pytest.raises(PaymentError) as info:
        PaymentPayload.decode(value)
    assert info.value.reason in (p.INVALID_PAYLOAD, p.INVALID_VERSION)
    assert needle in str(info.value)
