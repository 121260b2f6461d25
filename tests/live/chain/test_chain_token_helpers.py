"""Pure token helpers: units, typed data, signature splitting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data

from live.chain.token import (
    DECIMALS,
    UNITS_PER_TOKEN,
    Domain,
    cancel_authorization_typed_data,
    eip712_domain,
    format_units,
    join_signature,
    new_nonce,
    permit_typed_data,
    receive_with_authorization_typed_data,
    recover_typed_data_signer,
    sign_transfer_authorization,
    split_signature,
    to_units,
    transfer_with_authorization_typed_data,
    typed_data_digest,
)

pytestmark = pytest.mark.live

DOMAIN = Domain("pathUSD", "1", 131277322940537, "0xf2e246bb76df876cef8b38ae84130f4f55de395b")
PAYER = "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF"
PAYEE = "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69"


def test_units() -> None:
    assert DECIMALS == 6 and UNITS_PER_TOKEN == 1_000_000
    assert to_units("1") == 1_000_000
    assert to_units("0.000001") == 1
    assert to_units(Decimal("12.5")) == 12_500_000
    assert to_units(3) == 3_000_000
    assert format_units(1_250_000) == "1.250000"
    assert format_units(-1) == "-0.000001"
    assert to_units(format_units(123_456_789)) == 123_456_789
    for bad in ("0.0000001", "-1", "abc", "NaN"):
        with pytest.raises(ValueError):
            to_units(bad)
    with pytest.raises(ValueError):
        to_units(1.5)  # type: ignore[arg-type]


def test_domain_normalises_address() -> None:
    d = DOMAIN.as_dict()
    assert d == eip712_domain("pathUSD", "1", 131277322940537, DOMAIN.verifying_contract)
    assert d["verifyingContract"] == "0xF2E246BB76DF876Cef8b38ae84130F4F55De395b"


def test_typed_data_shapes() -> None:
    nonce = new_nonce()
    kw = dict(from_=PAYER, to=PAYEE, value=5, valid_after=0, valid_before=99, nonce=nonce)
    t = transfer_with_authorization_typed_data(DOMAIN, **kw)  # type: ignore[arg-type]
    r = receive_with_authorization_typed_data(DOMAIN, **kw)  # type: ignore[arg-type]
    assert t["primaryType"] == "TransferWithAuthorization"
    assert r["primaryType"] == "ReceiveWithAuthorization"
    assert [f["name"] for f in t["types"]["TransferWithAuthorization"]] == [
        "from",
        "to",
        "value",
        "validAfter",
        "validBefore",
        "nonce",
    ]
    assert t["message"]["nonce"] == nonce
    # same fields, different type name => different digest
    assert typed_data_digest(t) != typed_data_digest(r)
    c = cancel_authorization_typed_data(DOMAIN, authorizer=PAYER, nonce="0x" + nonce.hex())
    assert c["message"]["nonce"] == nonce
    p = permit_typed_data(DOMAIN, owner=PAYER, spender=PAYEE, value=1, nonce=0, deadline=9)
    assert p["primaryType"] == "Permit"
    for typed in (t, r, c, p):
        encode_typed_data(full_message=typed)  # well-formed
    with pytest.raises(ValueError, match="32 bytes"):
        transfer_with_authorization_typed_data(DOMAIN, **{**kw, "nonce": b"\x01"})  # type: ignore[arg-type]


def test_sign_and_recover() -> None:
    acct = Account.create()
    auth = sign_transfer_authorization(acct, DOMAIN, to=PAYEE, value=7, valid_before=10**10)
    assert auth.from_ == acct.address and len(auth.nonce) == 32 and len(auth.signature) == 65
    typed = transfer_with_authorization_typed_data(
        DOMAIN,
        from_=acct.address,
        to=PAYEE,
        value=7,
        valid_after=0,
        valid_before=10**10,
        nonce=auth.nonce,
    )
    assert recover_typed_data_signer(typed, auth.signature) == acct.address
    assert recover_typed_data_signer(typed, "0x" + auth.signature.hex()) == acct.address
    args = auth.contract_args()
    assert args[:6] == (acct.address, PAYEE, 7, 0, 10**10, auth.nonce)
    assert args[6] in (27, 28)


def test_split_and_join_signature() -> None:
    r, s = b"\x11" * 32, b"\x22" * 32
    assert split_signature(r + s + b"\x1b") == (27, r, s)
    assert split_signature(r + s + b"\x01") == (28, r, s)
    assert split_signature("0x" + (r + s + b"\x1c").hex()) == (28, r, s)
    assert join_signature(*split_signature(r + s + b"\x00")) == r + s + b"\x1b"
    with pytest.raises(ValueError, match="65 bytes"):
        split_signature(r + s)
    with pytest.raises(ValueError, match="invalid signature v"):
        split_signature(r + s + b"\x05")
