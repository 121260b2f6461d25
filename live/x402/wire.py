"""x402 on HTTP: header names, header parsing and the bridge to the ``x402`` package types.

Our own data types live in :mod:`colony_sim.payments` (backend-free, shared with the
simulation). At the HTTP boundary this module validates facilitator request bodies and
``/supported`` answers with the official ``x402`` pydantic models
(:class:`x402.schemas.VerifyRequest`, :class:`x402.schemas.SupportedResponse`, ...), and
converts between the two families.

Versions: v2 uses the ``PAYMENT-REQUIRED`` / ``PAYMENT-SIGNATURE`` / ``PAYMENT-RESPONSE``
headers (base64 JSON); v1's ``X-PAYMENT`` / ``X-PAYMENT-RESPONSE`` are accepted too, and a
402 carries the v1 JSON body (``maxAmountRequired``) next to the v2 header, so clients of
either version can pay.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import ValidationError
from x402.http.constants import (
    PAYMENT_REQUIRED_HEADER,
    PAYMENT_RESPONSE_HEADER,
    PAYMENT_SIGNATURE_HEADER,
    X_PAYMENT_HEADER,
    X_PAYMENT_RESPONSE_HEADER,
)
from x402.schemas import PaymentPayload as X402PaymentPayload
from x402.schemas import PaymentRequired as X402PaymentRequired
from x402.schemas import PaymentRequirements as X402PaymentRequirements
from x402.schemas import SettleResponse as X402SettleResponse
from x402.schemas import SupportedResponse as X402SupportedResponse
from x402.schemas import VerifyRequest as X402VerifyRequest
from x402.schemas import VerifyResponse as X402VerifyResponse

from colony_sim import payments as p
from colony_sim.errors import PaymentError
from colony_sim.payments import (
    MAX_HEADER_BYTES,
    PaymentPayload,
    PaymentRequired,
    PaymentRequirements,
    SettleResponse,
    VerifyResponse,
)

__all__ = [
    "EXPOSE_HEADERS",
    "MAX_HEADER_BYTES",
    "PAYMENT_REQUIRED_HEADER",
    "PAYMENT_RESPONSE_HEADER",
    "PAYMENT_SIGNATURE_HEADER",
    "X_PAYMENT_HEADER",
    "X_PAYMENT_RESPONSE_HEADER",
    "FacilitatorRequest",
    "caip2",
    "from_x402_payload",
    "from_x402_requirements",
    "parse_facilitator_request",
    "read_payment_header",
    "receipt_headers",
    "supported_model",
    "to_x402_payment_required",
    "to_x402_requirements",
    "to_x402_settle_response",
    "to_x402_verify_response",
]

EXPOSE_HEADERS: Final = f"{PAYMENT_RESPONSE_HEADER}, {X_PAYMENT_RESPONSE_HEADER}"


def caip2(chain_id: int) -> str:
    """CAIP-2 network id of an EVM chain: ``eip155:<chain id>``."""
    return f"eip155:{int(chain_id)}"


def read_payment_header(headers: Mapping[str, str]) -> tuple[str, str] | None:
    """Find the payment header of a request.

    Returns:
        ``(header name, value)`` — ``PAYMENT-SIGNATURE`` preferred over v1
        ``X-PAYMENT`` — or ``None`` when the request carries no payment.
    """
    for name in (PAYMENT_SIGNATURE_HEADER, X_PAYMENT_HEADER):
        value = headers.get(name) or headers.get(name.lower())
        if value is not None:
            return name, value
    return None


def receipt_headers(receipt: SettleResponse, version: int) -> dict[str, str]:
    """Response headers carrying ``receipt`` for a client of x402 ``version``."""
    name = X_PAYMENT_RESPONSE_HEADER if version == 1 else PAYMENT_RESPONSE_HEADER
    return {name: receipt.encode(), "Access-Control-Expose-Headers": EXPOSE_HEADERS}


# ------------------------------------------------------------- x402 package types


def to_x402_requirements(req: PaymentRequirements) -> X402PaymentRequirements:
    """Our requirements as the ``x402`` package's pydantic model."""
    return X402PaymentRequirements.model_validate(req.to_json())


def from_x402_requirements(model: X402PaymentRequirements) -> PaymentRequirements:
    """The ``x402`` package's requirements as ours."""
    return PaymentRequirements.from_json(model.model_dump(by_alias=True, exclude_none=True))


def from_x402_payload(model: X402PaymentPayload) -> PaymentPayload:
    """The ``x402`` package's v2 payload as ours."""
    return PaymentPayload.from_json(model.model_dump(by_alias=True, exclude_none=True))


def to_x402_payment_required(required: PaymentRequired) -> X402PaymentRequired:
    """A v2 402 answer as the ``x402`` package's model (for validation and tests)."""
    return X402PaymentRequired.model_validate(required.to_json())


def to_x402_verify_response(resp: VerifyResponse, message: str = "") -> dict[str, Any]:
    """Wire JSON of a verify answer, validated by the ``x402`` model."""
    model = X402VerifyResponse(
        is_valid=resp.is_valid,
        invalid_reason=resp.invalid_reason,
        invalid_message=message or None,
        payer=resp.payer,
    )
    return model.model_dump(by_alias=True, exclude_none=True)


def to_x402_settle_response(resp: SettleResponse, message: str = "") -> dict[str, Any]:
    """Wire JSON of a settle answer, validated by the ``x402`` model."""
    model = X402SettleResponse(
        success=resp.success,
        error_reason=resp.error_reason,
        error_message=message or None,
        payer=resp.payer,
        transaction=resp.transaction,
        network=resp.network,
    )
    return model.model_dump(by_alias=True, exclude_none=True)


def supported_model(answer: dict[str, Any]) -> dict[str, Any]:
    """A ``/supported`` answer validated by the ``x402`` model."""
    model = X402SupportedResponse.model_validate(answer)
    return model.model_dump(by_alias=True, exclude_none=True)


class FacilitatorRequest:
    """A parsed ``/verify`` or ``/settle`` body.

    Attributes:
        payload: The client's payment.
        requirements: What the resource server asked for.
    """

    __slots__ = ("payload", "requirements")

    def __init__(self, payload: PaymentPayload, requirements: PaymentRequirements) -> None:
        self.payload = payload
        self.requirements = requirements


def parse_facilitator_request(body: Any) -> FacilitatorRequest:
    """Parse a facilitator request body (``paymentPayload``, ``paymentRequirements``).

    v2 bodies are validated by :class:`x402.schemas.VerifyRequest` first; v1 bodies
    (``maxAmountRequired``, payload without ``accepted``) by our own parser.

    Raises:
        PaymentError: ``invalid_payload`` (or ``invalid_x402_version``) naming the field.
    """
    if not isinstance(body, dict):
        raise PaymentError(p.INVALID_PAYLOAD, "body: must be a JSON object")
    raw_payload = body.get("paymentPayload")
    raw_req = body.get("paymentRequirements")
    if not isinstance(raw_payload, dict):
        raise PaymentError(p.INVALID_PAYLOAD, "paymentPayload: missing or not an object")
    if not isinstance(raw_req, dict):
        raise PaymentError(p.INVALID_PAYLOAD, "paymentRequirements: missing or not an object")
    if raw_payload.get("x402Version") == 2:
        try:
            X402VerifyRequest.model_validate(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise PaymentError(p.INVALID_PAYLOAD, f"{where}: {first['msg']}") from None
    payload = PaymentPayload.from_json(raw_payload)
    requirements = PaymentRequirements.from_json(raw_req)
    return FacilitatorRequest(payload, requirements)
