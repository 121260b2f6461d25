"""Property tests of the x402 wire types: any input parses to a well-typed value or fails cleanly.

A payment header is untrusted input from anyone on the network. Whatever JSON (or text)
arrives, parsing must either give an object whose fields have their declared types or
raise :class:`PaymentError` naming what is wrong — never a ``KeyError``, ``TypeError``,
``AttributeError`` or ``ValueError`` that a server would turn into a 500. And every value
we send must parse back to itself.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import types
import typing

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from colony_sim import payments as p
from colony_sim.errors import PaymentError
from colony_sim.payments import (
    Authorization,
    PaymentPayload,
    PaymentRequired,
    PaymentRequirements,
    ResourceInfo,
    SettleResponse,
    VerifyResponse,
)

WIRE_TYPES = (
    PaymentRequirements,
    Authorization,
    PaymentPayload,
    VerifyResponse,
    SettleResponse,
    PaymentRequired,
)
HEADER_TYPES = (PaymentPayload, SettleResponse, PaymentRequired)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "0", "1000", "²", "１２", "0x" + "ab" * 32, "exact", "eip155:1"])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)

text = st.text(min_size=1, max_size=20)
units = st.integers(0, 10**30)
requirements = st.builds(
    PaymentRequirements,
    scheme=text,
    network=text,
    amount=units,
    asset=text,
    pay_to=text,
    max_timeout_seconds=st.integers(1, 10**6),
    extra=st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
)
authorizations = st.builds(
    Authorization,
    payer=text,
    pay_to=text,
    value=units,
    valid_after=units,
    valid_before=units,
    nonce=st.binary(min_size=32, max_size=32).map(lambda b: "0x" + b.hex()),
)
payloads = st.builds(
    PaymentPayload,
    accepted=requirements,
    authorization=authorizations,
    signature=text,
    x402_version=st.just(2),
)
settlements = st.builds(
    SettleResponse,
    success=st.booleans(),
    network=text,
    transaction=st.text(max_size=20),
    payer=st.none() | text,
    error_reason=st.none() | text,
)
verifications = st.builds(
    VerifyResponse, is_valid=st.booleans(), invalid_reason=st.none() | text, payer=st.none() | text
)
resources = st.builds(ResourceInfo, url=st.text(max_size=20), description=text, mime_type=text)
required = st.builds(
    PaymentRequired,
    accepts=st.lists(requirements, max_size=3).map(tuple),
    resource=st.none() | resources,
    error=st.none() | text,
    x402_version=st.just(2),
)


def well_typed(value: object) -> None:
    """Assert every field of a parsed wire object has its declared type (recursively)."""
    hints = typing.get_type_hints(type(value))
    for f in dataclasses.fields(value):  # type: ignore[arg-type]
        v = getattr(value, f.name)
        if dataclasses.is_dataclass(v):
            well_typed(v)
        elif isinstance(v, tuple):
            for item in v:
                well_typed(item)
        else:
            hint = hints[f.name]
            union = typing.get_origin(hint) in (typing.Union, types.UnionType)
            options = typing.get_args(hint) if union else (hint,)
            kinds = tuple(typing.get_origin(k) or k for k in options)
            assert isinstance(v, kinds), f"{type(value).__name__}.{f.name} = {v!r}"
            if kinds == (int,):
                assert not isinstance(v, bool), f"{type(value).__name__}.{f.name} = {v!r}"


def parse_or_refuse(kind: type, obj: object) -> None:
    try:
        parsed = kind.from_json(obj)  # type: ignore[attr-defined]
    except PaymentError as err:
        assert err.reason in (p.INVALID_PAYLOAD, p.INVALID_VERSION)
        assert str(err)  # names the field and the reason
    else:
        well_typed(parsed)


V1 = {"x402Version": 1, "scheme": "exact", "network": "base", "payload": {"signature": "0x"}}
REQ = {"scheme": "exact", "network": "n", "asset": "a", "payTo": "p"}


@pytest.mark.parametrize("kind", WIRE_TYPES, ids=lambda k: k.__name__)
@given(obj=json_values)
# Found by the tests below before they were fixed (each once gave a 500, not a 402/400):
@example(obj={**V1, "payload": {"signature": "0x", "authorization": [1]}})  # AttributeError
@example(obj={**REQ, "amount": "²"})  # a digit to str.isdigit, not to int(): ValueError
@example(obj={**REQ, "amount": "１２"})  # full-width digits were read as 12
@example(obj={"isValid": True, "payer": []})  # optional strings came through untyped
@example(obj={"success": False, "network": "n", "errorReason": {}})
@example(obj={"x402Version": 2, "accepts": [], "error": True})
def test_any_json_parses_well_typed_or_is_refused(kind, obj):
    parse_or_refuse(kind, obj)


def mutations(draw, wire: dict) -> dict:
    """``wire`` with one nested key deleted or replaced by arbitrary JSON."""
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append((*path, k))
                walk(v, (*path, k))

    walk(wire, ())
    path = draw(st.sampled_from(paths))
    out = json.loads(json.dumps(wire))
    node = out
    for k in path[:-1]:
        node = node[k]
    if draw(st.booleans()):
        del node[path[-1]]
    else:
        node[path[-1]] = draw(json_values)
    return out


@settings(max_examples=400)
@given(data=st.data(), payload=payloads, version=st.sampled_from([1, 2]))
def test_a_payload_with_one_field_broken_parses_well_typed_or_is_refused(data, payload, version):
    wire = dataclasses.replace(payload, x402_version=version).to_json()
    parse_or_refuse(PaymentPayload, mutations(data.draw, wire))


@settings(max_examples=400)
@given(data=st.data(), answer=required)
def test_a_payment_required_with_one_field_broken_parses_or_is_refused(data, answer):
    parse_or_refuse(PaymentRequired, mutations(data.draw, answer.to_json()))


@settings(max_examples=400)
@given(data=st.data(), answer=settlements | verifications)
def test_a_facilitator_answer_with_one_field_broken_parses_or_is_refused(data, answer):
    parse_or_refuse(type(answer), mutations(data.draw, answer.to_json()))


@pytest.mark.parametrize("kind", HEADER_TYPES, ids=lambda k: k.__name__)
@given(
    raw=st.text(max_size=40) | st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode())
)
def test_any_header_text_decodes_or_is_refused(kind, raw):
    try:
        kind.decode(raw)
    except PaymentError as err:
        assert err.reason in (p.INVALID_PAYLOAD, p.INVALID_VERSION)


@given(value=payloads | settlements | required)
def test_what_we_send_decodes_to_itself(value):
    assert type(value).decode(value.encode()) == value


@given(value=verifications | requirements | authorizations)
def test_what_we_send_parses_to_itself(value):
    assert type(value).from_json(json.loads(json.dumps(value.to_json()))) == value
