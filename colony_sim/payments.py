"""x402 payment data types, shared by the simulated and the live ledger.

These mirror the public x402 v2 wire format ("exact" scheme on EVM, EIP-3009
``transferWithAuthorization``): field names on the wire are camelCase, amounts are
strings of atomic units, networks are CAIP-2 ids (``eip155:<chain id>``). In Python,
amounts are ``int`` atomic units and times are seconds.

The same objects flow through :class:`colony_sim.sim.ledger.SimLedger` and the live
facilitator, so a simulated payment is refused exactly where a live one would be.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from colony_sim.errors import PaymentError

X402_VERSION = 2
SCHEME_EXACT = "exact"

# Error reasons, as spelled by the x402 spec and its Python facilitator.
INVALID_VERSION = "invalid_x402_version"
INVALID_SCHEME = "invalid_scheme"
INVALID_NETWORK = "invalid_network"
INVALID_PAYLOAD = "invalid_payload"
NONCE_USED = "invalid_exact_evm_nonce_already_used"
VALID_AFTER = "invalid_exact_evm_payload_authorization_valid_after"
VALID_BEFORE = "invalid_exact_evm_payload_authorization_valid_before"
VALUE_MISMATCH = "invalid_exact_evm_payload_authorization_value_mismatch"
RECIPIENT_MISMATCH = "invalid_exact_evm_payload_recipient_mismatch"
ASSET_MISMATCH = "invalid_exact_evm_payload_asset_mismatch"
SIGNATURE_INVALID = "invalid_exact_evm_payload_signature"
INSUFFICIENT_FUNDS = "insufficient_funds"
INVALID_REQUIREMENTS = "invalid_payment_requirements"
INVALID_TRANSACTION_STATE = "invalid_transaction_state"
TRANSACTION_FAILED = "transaction_failed"
UNEXPECTED_VERIFY_ERROR = "unexpected_verify_error"
UNEXPECTED_SETTLE_ERROR = "unexpected_settle_error"

EXPIRY_BUFFER_S = 6.0
"""An authorization expiring within this many seconds is refused (as the x402 facilitator)."""


def _require(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise PaymentError(INVALID_PAYLOAD, f"{where}.{key}: missing")
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise PaymentError(INVALID_PAYLOAD, f"{where}.{key}: wrong type {type(value).__name__}")
    return value


def _optional_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    """``obj[key]`` if it is a string, ``None`` if absent or null; anything else is refused."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    kind = type(value).__name__
    raise PaymentError(INVALID_PAYLOAD, f"{where}.{key}: must be a string, got {kind}")


MAX_HEADER_BYTES = 16_384
"""Longest payment header accepted (base64 text), as a guard against oversized input."""


def b64json_encode(obj: Any) -> str:
    """Base64 of compact JSON, the encoding of every x402 header."""
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


def b64json_decode(header: Any, name: str) -> Any:
    """Decode a base64-JSON header value, naming ``name`` in any error.

    Raises:
        PaymentError: ``invalid_payload`` if the value is missing, longer than
            :data:`MAX_HEADER_BYTES`, not base64 or not JSON.
    """
    if not isinstance(header, str) or not header:
        raise PaymentError(INVALID_PAYLOAD, f"{name}: missing")
    if len(header) > MAX_HEADER_BYTES:
        raise PaymentError(INVALID_PAYLOAD, f"{name}: longer than {MAX_HEADER_BYTES} bytes")
    try:
        raw = base64.b64decode(header.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise PaymentError(INVALID_PAYLOAD, f"{name}: not base64") from None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise PaymentError(INVALID_PAYLOAD, f"{name}: not JSON") from None


def _units(text: Any, where: str) -> int:
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise PaymentError(INVALID_PAYLOAD, f"{where}: must be a string of atomic units")
    s = str(text)
    if not (s.isascii() and s.isdigit()) or len(s) > 78:
        raise PaymentError(INVALID_PAYLOAD, f"{where}: {s[:20]!r} is not a non-negative integer")
    return int(s)


@dataclass(frozen=True, slots=True)
class PaymentRequirements:
    """What a resource asks to be paid (one entry of ``accepts``).

    Attributes:
        scheme: Payment scheme; only ``"exact"`` is implemented.
        network: CAIP-2 network id, e.g. ``"eip155:42431"`` or ``"sim:colony"``.
        amount: Exact price in atomic units.
        asset: Token contract address (or the sim token's name).
        pay_to: Recipient address.
        max_timeout_seconds: Longest authorization window the server accepts.
        extra: Scheme data, e.g. the EIP-712 domain ``{"name": ..., "version": ...}``.
    """

    scheme: str
    network: str
    amount: int
    asset: str
    pay_to: str
    max_timeout_seconds: int = 60
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Wire form (camelCase, amount as a string)."""
        return {
            "scheme": self.scheme,
            "network": self.network,
            "amount": str(self.amount),
            "asset": self.asset,
            "payTo": self.pay_to,
            "maxTimeoutSeconds": self.max_timeout_seconds,
            "extra": dict(self.extra),
        }

    def to_json_v1(self, resource: ResourceInfo | None = None) -> dict[str, Any]:
        """Wire form of x402 v1 (``maxAmountRequired``, resource fields inline)."""
        info = resource or ResourceInfo("")
        return {
            "scheme": self.scheme,
            "network": self.network,
            "maxAmountRequired": str(self.amount),
            "resource": info.url,
            "description": info.description,
            "mimeType": info.mime_type,
            "payTo": self.pay_to,
            "maxTimeoutSeconds": self.max_timeout_seconds,
            "asset": self.asset,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, obj: Any) -> PaymentRequirements:
        """Parse the wire form; v1's ``maxAmountRequired`` is accepted for ``amount``."""
        if not isinstance(obj, dict):
            raise PaymentError(INVALID_PAYLOAD, "paymentRequirements: must be an object")
        where = "paymentRequirements"
        amount_text = obj.get("amount", obj.get("maxAmountRequired"))
        extra = obj.get("extra") or {}
        if not isinstance(extra, dict):
            raise PaymentError(INVALID_PAYLOAD, f"{where}.extra: must be an object")
        timeout = obj.get("maxTimeoutSeconds", 60)
        if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0:
            raise PaymentError(INVALID_PAYLOAD, f"{where}.maxTimeoutSeconds: positive integer")
        return cls(
            scheme=_require(obj, "scheme", str, where),
            network=_require(obj, "network", str, where),
            amount=_units(amount_text, f"{where}.amount"),
            asset=_require(obj, "asset", str, where),
            pay_to=_require(obj, "payTo", str, where),
            max_timeout_seconds=timeout,
            extra=dict(extra),
        )


@dataclass(frozen=True, slots=True)
class Authorization:
    """The EIP-3009 ``TransferWithAuthorization`` message a payer signs.

    Attributes:
        payer: ``from`` address.
        pay_to: ``to`` address.
        value: Atomic units transferred.
        valid_after: Unix (or simulated) seconds; not valid at or before this instant.
        valid_before: Not valid at or after this instant.
        nonce: 32 random bytes as ``0x`` + 64 hex; single use per payer.
    """

    payer: str
    pay_to: str
    value: int
    valid_after: int
    valid_before: int
    nonce: str

    def to_json(self) -> dict[str, str]:
        """Wire form (all values as strings, as EIP-3009 clients send them)."""
        return {
            "from": self.payer,
            "to": self.pay_to,
            "value": str(self.value),
            "validAfter": str(self.valid_after),
            "validBefore": str(self.valid_before),
            "nonce": self.nonce,
        }

    @classmethod
    def from_json(cls, obj: Any) -> Authorization:
        """Parse the wire form, naming the field at fault on error."""
        where = "payload.authorization"
        if not isinstance(obj, dict):
            raise PaymentError(INVALID_PAYLOAD, f"{where}: must be an object")
        nonce = _require(obj, "nonce", str, where)
        if len(nonce) != 66 or not nonce.startswith("0x"):
            raise PaymentError(INVALID_PAYLOAD, f"{where}.nonce: must be 0x + 64 hex digits")
        try:
            bytes.fromhex(nonce[2:])
        except ValueError:
            raise PaymentError(INVALID_PAYLOAD, f"{where}.nonce: not hexadecimal") from None
        return cls(
            payer=_require(obj, "from", str, where),
            pay_to=_require(obj, "to", str, where),
            value=_units(obj.get("value"), f"{where}.value"),
            valid_after=_units(obj.get("validAfter"), f"{where}.validAfter"),
            valid_before=_units(obj.get("validBefore"), f"{where}.validBefore"),
            nonce=nonce,
        )


@dataclass(frozen=True, slots=True)
class PaymentPayload:
    """What the client sends back: the chosen requirement plus a signed authorization.

    Attributes:
        accepted: The requirement the client chose, echoed back.
        authorization: The signed transfer message.
        signature: ``0x`` + 130 hex (65 bytes) over the EIP-712 typed data.
        x402_version: Protocol version (2; version 1 payloads are converted on input).
    """

    accepted: PaymentRequirements
    authorization: Authorization
    signature: str
    x402_version: int = X402_VERSION

    def to_json(self) -> dict[str, Any]:
        """Wire form (v2, or v1 when :attr:`x402_version` is 1)."""
        inner = {"signature": self.signature, "authorization": self.authorization.to_json()}
        if self.x402_version == 1:
            return {
                "x402Version": 1,
                "scheme": self.accepted.scheme,
                "network": self.accepted.network,
                "payload": inner,
            }
        return {
            "x402Version": self.x402_version,
            "accepted": self.accepted.to_json(),
            "payload": {"signature": self.signature, "authorization": self.authorization.to_json()},
        }

    @classmethod
    def from_json(cls, obj: Any) -> PaymentPayload:
        """Parse a v2 payload, or a v1 one (``scheme``/``network`` at top level)."""
        if not isinstance(obj, dict):
            raise PaymentError(INVALID_PAYLOAD, "paymentPayload: must be an object")
        version = obj.get("x402Version")
        if version not in (1, 2) or isinstance(version, bool):
            raise PaymentError(INVALID_VERSION, f"x402Version: {version!r} is not 1 or 2")
        inner = obj.get("payload")
        if not isinstance(inner, dict):
            raise PaymentError(INVALID_PAYLOAD, "payload: must be an object")
        signature = _require(inner, "signature", str, "payload")
        if version == 2:
            accepted = PaymentRequirements.from_json(obj.get("accepted"))
            authorization = Authorization.from_json(inner.get("authorization"))
        else:  # v1 carries no echo of the requirement; rebuild what it names
            authorization = Authorization.from_json(inner.get("authorization"))
            accepted = PaymentRequirements(
                scheme=_require(obj, "scheme", str, "paymentPayload"),
                network=_require(obj, "network", str, "paymentPayload"),
                amount=authorization.value,
                asset=_optional_str(obj, "asset", "paymentPayload") or "",
                pay_to=authorization.pay_to,
            )
        return cls(
            accepted=accepted,
            authorization=authorization,
            signature=signature,
            x402_version=int(version),
        )

    def encode(self) -> str:
        """Base64 of the JSON, as sent in the ``PAYMENT-SIGNATURE`` header."""
        return b64json_encode(self.to_json())

    @classmethod
    def decode(cls, header: str, name: str = "PAYMENT-SIGNATURE") -> PaymentPayload:
        """Parse a ``PAYMENT-SIGNATURE`` (or v1 ``X-PAYMENT``) header value."""
        return cls.from_json(b64json_decode(header, name))


@dataclass(frozen=True, slots=True)
class VerifyResponse:
    """Facilitator answer to ``/verify``."""

    is_valid: bool
    invalid_reason: str | None = None
    payer: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Wire form."""
        out: dict[str, Any] = {"isValid": self.is_valid}
        if self.invalid_reason:
            out["invalidReason"] = self.invalid_reason
        if self.payer:
            out["payer"] = self.payer
        return out

    @classmethod
    def from_json(cls, obj: Any) -> VerifyResponse:
        """Parse the wire form."""
        where = "verifyResponse"
        if not isinstance(obj, dict) or not isinstance(obj.get("isValid"), bool):
            raise PaymentError(INVALID_PAYLOAD, f"{where}.isValid: missing or not a bool")
        return cls(
            bool(obj["isValid"]),
            _optional_str(obj, "invalidReason", where),
            _optional_str(obj, "payer", where),
        )


@dataclass(frozen=True, slots=True)
class SettleResponse:
    """Facilitator answer to ``/settle``; ``transaction`` is empty on failure."""

    success: bool
    network: str
    transaction: str = ""
    payer: str | None = None
    error_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Wire form."""
        out: dict[str, Any] = {
            "success": self.success,
            "transaction": self.transaction,
            "network": self.network,
        }
        if self.payer:
            out["payer"] = self.payer
        if self.error_reason:
            out["errorReason"] = self.error_reason
        return out

    @classmethod
    def from_json(cls, obj: Any) -> SettleResponse:
        """Parse the wire form."""
        where = "settleResponse"
        if not isinstance(obj, dict):
            raise PaymentError(INVALID_PAYLOAD, f"{where}: must be an object")
        return cls(
            success=_require(obj, "success", bool, where),
            network=_require(obj, "network", str, where),
            transaction=_optional_str(obj, "transaction", where) or "",
            payer=_optional_str(obj, "payer", where),
            error_reason=_optional_str(obj, "errorReason", where),
        )

    def encode(self) -> str:
        """Base64 JSON, as sent in the ``PAYMENT-RESPONSE`` header."""
        return b64json_encode(self.to_json())

    @classmethod
    def decode(cls, header: str, name: str = "PAYMENT-RESPONSE") -> SettleResponse:
        """Parse a ``PAYMENT-RESPONSE`` (or v1 ``X-PAYMENT-RESPONSE``) header value."""
        return cls.from_json(b64json_decode(header, name))


@dataclass(frozen=True, slots=True)
class ResourceInfo:
    """The resource a payment is for (v2 top-level ``resource``; v1 inline fields)."""

    url: str
    description: str = ""
    mime_type: str = ""

    def to_json(self) -> dict[str, Any]:
        """Wire form."""
        return {"url": self.url, "description": self.description, "mimeType": self.mime_type}

    @classmethod
    def from_json(cls, obj: Any) -> ResourceInfo | None:
        """Parse the wire form; ``None`` when absent."""
        if not isinstance(obj, dict) or not isinstance(obj.get("url"), str):
            return None
        return cls(obj["url"], str(obj.get("description") or ""), str(obj.get("mimeType") or ""))


@dataclass(frozen=True, slots=True)
class PaymentRequired:
    """A 402 answer: what the resource accepts, and why the request was refused.

    Attributes:
        accepts: Acceptable payment requirements, best first.
        resource: The resource being paid for.
        error: Why payment is required (e.g. a verification error reason).
        x402_version: 2 (sent as ``PAYMENT-REQUIRED`` header) or 1 (JSON body).
    """

    accepts: tuple[PaymentRequirements, ...]
    resource: ResourceInfo | None = None
    error: str | None = None
    x402_version: int = X402_VERSION

    def to_json(self) -> dict[str, Any]:
        """Wire form for :attr:`x402_version`."""
        if self.x402_version == 1:
            out: dict[str, Any] = {
                "x402Version": 1,
                "accepts": [a.to_json_v1(self.resource) for a in self.accepts],
            }
        else:
            out = {"x402Version": 2, "accepts": [a.to_json() for a in self.accepts]}
            if self.resource is not None:
                out["resource"] = self.resource.to_json()
        out["error"] = self.error or ""
        return out

    @classmethod
    def from_json(cls, obj: Any) -> PaymentRequired:
        """Parse a v2 ``PaymentRequired`` or a v1 body (resource taken from the first entry)."""
        if not isinstance(obj, dict):
            raise PaymentError(INVALID_PAYLOAD, "paymentRequired: must be an object")
        version = obj.get("x402Version")
        if version not in (1, 2) or isinstance(version, bool):
            raise PaymentError(INVALID_VERSION, f"x402Version: {version!r} is not 1 or 2")
        accepts = obj.get("accepts")
        if not isinstance(accepts, list):
            raise PaymentError(INVALID_PAYLOAD, "paymentRequired.accepts: must be a list")
        resource = ResourceInfo.from_json(obj.get("resource"))
        if version == 1 and accepts and isinstance(accepts[0], dict):
            first = accepts[0]
            resource = ResourceInfo(
                str(first.get("resource") or ""),
                str(first.get("description") or ""),
                str(first.get("mimeType") or ""),
            )
        return cls(
            accepts=tuple(PaymentRequirements.from_json(a) for a in accepts),
            resource=resource,
            error=_optional_str(obj, "error", "paymentRequired") or None,
            x402_version=int(version),
        )

    def encode(self) -> str:
        """Base64 JSON, as sent in the ``PAYMENT-REQUIRED`` header."""
        return b64json_encode(self.to_json())

    @classmethod
    def decode(cls, header: str, name: str = "PAYMENT-REQUIRED") -> PaymentRequired:
        """Parse a ``PAYMENT-REQUIRED`` header value."""
        return cls.from_json(b64json_decode(header, name))
