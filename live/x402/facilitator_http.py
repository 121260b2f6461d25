"""The embedded facilitator served over HTTP, so other x402 servers can use ours.

``POST /facilitator/verify`` and ``POST /facilitator/settle`` take the standard body
``{x402Version, paymentPayload, paymentRequirements}`` and answer a ``VerifyResponse`` /
``SettleResponse``; ``GET /facilitator/supported`` lists the kinds and our settling
address. The ``x402`` package's ``HTTPFacilitatorClient`` can point at
``http://127.0.0.1:<port>/facilitator``. Malformed bodies get 400 with
``invalid_payload`` and the field at fault.
"""

from __future__ import annotations

import json
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from colony_sim.errors import PaymentError
from colony_sim.payments import MAX_HEADER_BYTES, SettleResponse, VerifyResponse
from live.x402 import wire
from live.x402.facilitator import Facilitator

MAX_BODY_BYTES = 4 * MAX_HEADER_BYTES


async def _parse(request: Request) -> wire.FacilitatorRequest:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise PaymentError("invalid_payload", f"body: longer than {MAX_BODY_BYTES} bytes")
    try:
        body: Any = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise PaymentError("invalid_payload", "body: not JSON") from None
    return wire.parse_facilitator_request(body)


def add_facilitator_routes(app: FastAPI, fac: Facilitator, prefix: str = "/facilitator") -> None:
    """Mount ``verify``, ``settle`` and ``supported`` of ``fac`` under ``prefix``."""

    @app.get(prefix + "/supported")
    async def supported() -> dict[str, Any]:
        return wire.supported_model(fac.supported())

    @app.post(prefix + "/verify")
    async def verify(request: Request) -> JSONResponse:
        try:
            parsed = await _parse(request)
        except PaymentError as exc:
            answer = VerifyResponse(False, exc.reason)
            return JSONResponse(wire.to_x402_verify_response(answer, exc.detail), 400)
        verdict = await to_thread.run_sync(fac.verify, parsed.payload, parsed.requirements)
        return JSONResponse(wire.to_x402_verify_response(verdict))

    @app.post(prefix + "/settle")
    async def settle(request: Request) -> JSONResponse:
        try:
            parsed = await _parse(request)
        except PaymentError as exc:
            answer = SettleResponse(False, fac.network, "", None, exc.reason)
            return JSONResponse(wire.to_x402_settle_response(answer, exc.detail), 400)
        receipt = await to_thread.run_sync(fac.settle, parsed.payload, parsed.requirements)
        return JSONResponse(wire.to_x402_settle_response(receipt))
