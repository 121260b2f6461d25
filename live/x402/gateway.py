"""x402 payment gateway: paid routes ``/g/{slug}/...`` in front of registered endpoints.

A request to a paid route without a payment gets **402** with the requirements (v2
``PAYMENT-REQUIRED`` header, v1 JSON body). With a payment (``PAYMENT-SIGNATURE`` or v1
``X-PAYMENT``) the gateway verifies it, claims it in the journal, proxies the request to
the endpoint, settles on chain, and answers **200** with the endpoint's response and the
receipt (``PAYMENT-RESPONSE``, whose ``transaction`` is the settlement hash).

The endpoint learns who paid from ``x-x402-*`` request headers the gateway adds to a paid
request (payer, amount, asset, network, nonce; see :mod:`live.x402.upstream`). A client's
own ``x-x402-*`` headers are dropped on every route, so an endpoint can trust them.

Exactly once, per authorization nonce (see :mod:`live.x402.journal`):

* a header already delivered gets 402 ``invalid_exact_evm_nonce_already_used`` with its
  original receipt in ``PAYMENT-RESPONSE`` — never content, never a second charge;
* a header whose payment settled but whose response was never written (the process
  died before answering) is served once more with the *same* receipt, no new charge;
* a header in flight (verified or submitted) gets 402 ``nonce_already_used``;
* the endpoint's answer is withheld until settlement succeeds; an endpoint error (≥ 400)
  releases the claim and nobody is charged.

Unpaid: ``/health``, ``/routes``, the facilitator (``/facilitator/verify``,
``/facilitator/settle``, ``/facilitator/supported``) and each route's ``free`` sub-paths.
Bad input gets 400 (malformed header) or 402 (payment refused) with an x402 error reason
in the JSON body (``error``) and in the ``PAYMENT-REQUIRED`` header.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.background import BackgroundTask

from colony_sim import payments as p
from colony_sim.errors import PaymentError
from colony_sim.payments import (
    MAX_HEADER_BYTES,
    PaymentPayload,
    PaymentRequired,
    PaymentRequirements,
    ResourceInfo,
    SettleResponse,
)
from live.x402 import wire
from live.x402.facilitator import Facilitator, crash_point
from live.x402.journal import JournalRow
from live.x402.upstream import is_payment_header, payment_headers

log = logging.getLogger(__name__)

HOP_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "content-length",
        "content-encoding",
        "host",
        "payment-signature",
        "x-payment",
    }
)
MAX_UPSTREAM_BYTES = 8 * 1024 * 1024


@dataclass
class Route:
    """A paid endpoint behind the gateway.

    Attributes:
        slug: Path segment: the route is served at ``/g/{slug}/...``.
        price: Price per request in atomic units.
        pay_to: Recipient address of the payments.
        upstream: Base URL of the endpoint, or an ASGI app served in-process.
        description: Human description (sent in the 402's resource info).
        mime_type: Content type of the paid response.
        free: Sub-paths (without leading slash) served without payment.
        max_timeout_seconds: Longest authorization window asked for.
    """

    slug: str
    price: int
    pay_to: str
    upstream: str | Any
    description: str = ""
    mime_type: str = "application/json"
    free: frozenset[str] = field(default_factory=frozenset)
    max_timeout_seconds: int = 60


class Gateway:
    """The gateway's state: routes, the facilitator and the upstream HTTP clients.

    Args:
        facilitator: Embedded facilitator (its journal is the gateway's journal).
        routes: Initial routes.
        upstream_timeout: Seconds allowed to an endpoint to answer.
    """

    def __init__(
        self,
        facilitator: Facilitator,
        routes: list[Route] | tuple[Route, ...] = (),
        *,
        upstream_timeout: float = 30.0,
    ) -> None:
        self.facilitator = facilitator
        self.routes: dict[str, Route] = {}
        self._clients: dict[str, httpx.AsyncClient] = {}
        self.delivering: set[str] = set()
        """Keys whose paid response is being written (a replay then counts as delivered)."""
        self.upstream_timeout = upstream_timeout
        self.listeners: list[Callable[[Route, PaymentPayload, SettleResponse], None]] = []
        """Called once per settled payment (e.g. the node's Market port); must not raise."""
        for route in routes:
            self.add_route(route)

    def add_route(self, route: Route) -> None:
        """Register (or replace) a paid route."""
        if not route.slug or "/" in route.slug:
            raise ValueError(f"slug: {route.slug!r} must be one non-empty path segment")
        if route.price <= 0:
            raise ValueError("price: must be a positive number of atomic units")
        self.routes[route.slug] = route
        if isinstance(route.upstream, str):
            client = httpx.AsyncClient(base_url=route.upstream, timeout=self.upstream_timeout)
        else:
            transport = httpx.ASGITransport(app=route.upstream)
            client = httpx.AsyncClient(
                transport=transport, base_url="http://upstream", timeout=self.upstream_timeout
            )
        self._clients[route.slug] = client

    def requirements(self, route: Route) -> PaymentRequirements:
        """What ``route`` asks to be paid."""
        return self.facilitator.requirements(
            route.price, route.pay_to, max_timeout_seconds=route.max_timeout_seconds
        )

    async def close(self) -> None:
        """Close the upstream clients."""
        for client in self._clients.values():
            await client.aclose()

    async def proxy(
        self,
        route: Route,
        path: str,
        request: Request,
        body: bytes,
        *,
        paid: PaymentPayload | None = None,
        transaction: str = "",
    ) -> Response:
        """Forward ``request`` to the endpoint; a 502 if it cannot be reached.

        Args:
            route: The endpoint's route.
            path: Path below ``/g/{slug}/``.
            request: The client's request (its ``x-x402-*`` headers are dropped).
            body: The request body.
            paid: The verified, claimed payment of the request, described to the endpoint
                in ``x-x402-*`` headers (``None``: a free request, no such headers).
            transaction: Settlement hash of ``paid`` when it has settled already.
        """
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in HOP_HEADERS and not is_payment_header(k)
        }
        if paid is not None:
            headers.update(payment_headers(paid, transaction))
        try:
            upstream = await self._clients[route.slug].request(
                request.method,
                "/" + path,
                params=request.query_params,
                headers=headers,
                content=body,
            )
        except httpx.HTTPError as exc:
            log.warning("route %s: upstream unreachable: %s", route.slug, type(exc).__name__)
            return JSONResponse({"error": "endpoint_error", "message": "upstream"}, 502)
        if len(upstream.content) > MAX_UPSTREAM_BYTES:
            return JSONResponse({"error": "endpoint_error", "message": "too large"}, 502)
        out = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_HEADERS}
        return Response(upstream.content, upstream.status_code, headers=out)


def _refusal(
    status: int,
    reason: str,
    message: str,
    required: PaymentRequired | None = None,
    receipt: SettleResponse | None = None,
    version: int = 2,
) -> JSONResponse:
    """A 400/402 answer naming the x402 error reason (and, for 402, what to pay)."""
    body: dict[str, Any] = {"x402Version": version, "error": reason, "message": message}
    headers: dict[str, str] = {}
    if required is not None:
        refused = PaymentRequired(required.accepts, required.resource, reason)
        headers[wire.PAYMENT_REQUIRED_HEADER] = refused.encode()
        body["accepts"] = [a.to_json_v1(required.resource) for a in required.accepts]
    if receipt is not None:
        headers.update(wire.receipt_headers(receipt, version))
    return JSONResponse(body, status, headers=headers)


def create_app(gateway: Gateway, *, reconcile: bool = True) -> FastAPI:
    """Build the ASGI app of ``gateway``.

    Args:
        gateway: Routes and facilitator.
        reconcile: Repair the journal (:meth:`Facilitator.reconcile`) at startup.
    """
    from contextlib import asynccontextmanager

    from live.x402.facilitator_http import add_facilitator_routes

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        if reconcile:
            await to_thread.run_sync(gateway.facilitator.reconcile)
        yield
        await gateway.close()

    app = FastAPI(title="colony x402 gateway", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.gateway = gateway
    fac = gateway.facilitator

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"ok": True, "network": fac.network, "asset": fac.asset}

    @app.get("/routes")
    async def routes() -> dict[str, Any]:
        return {
            "routes": [
                {
                    "slug": r.slug,
                    "price": str(r.price),
                    "payTo": r.pay_to,
                    "description": r.description,
                    "free": sorted(r.free),
                }
                for r in gateway.routes.values()
            ]
        }

    add_facilitator_routes(app, fac)

    async def paid(slug: str, path: str, request: Request) -> Response:
        route = gateway.routes.get(slug)
        if route is None:
            return JSONResponse({"error": "not_found", "message": f"route {slug!r}"}, 404)
        body = await request.body()
        if path in route.free:
            return await gateway.proxy(route, path, request, body)
        return await _serve_paid(gateway, route, path, request, body)

    for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):  # unique OpenAPI operation ids
        app.add_api_route("/g/{slug}/{path:path}", paid, methods=[method],
                          operation_id=f"paid_{method.lower()}")
    return app


async def _serve_paid(
    gateway: Gateway, route: Route, path: str, request: Request, body: bytes
) -> Response:
    fac = gateway.facilitator
    req = gateway.requirements(route)
    info = ResourceInfo(str(request.url), route.description, route.mime_type)
    required = PaymentRequired((req,), info)
    found = wire.read_payment_header(request.headers)
    if found is None:
        return _refusal(402, "payment_required", "send PAYMENT-SIGNATURE", required)
    name, header = found
    if len(header) > MAX_HEADER_BYTES:
        return _refusal(400, p.INVALID_PAYLOAD, f"{name}: longer than {MAX_HEADER_BYTES} bytes")
    try:
        payload = PaymentPayload.decode(header, name)
    except PaymentError as exc:
        return _refusal(400, exc.reason, exc.detail, required)
    version = payload.x402_version
    key = fac.key(payload)
    row = fac.journal.get(key)
    if row is not None and row.state in ("settled", "delivered", "verified", "submitted"):
        return await _replay(gateway, route, path, request, body, row, required, payload)
    verdict = await to_thread.run_sync(fac.verify, payload, req)
    if not verdict.is_valid:
        reason = verdict.invalid_reason or p.INVALID_PAYLOAD
        status = 400 if reason == p.INVALID_PAYLOAD else 402
        return _refusal(status, reason, "payment refused", required, version=version)
    if fac.claim(payload, req, str(request.url)) is not None:
        return _refusal(402, p.NONCE_USED, "payment already in use", required, version=version)
    crash_point("after_verify")
    try:
        served = await gateway.proxy(route, path, request, body, paid=payload)
    except BaseException:
        fac.journal.release(key, "gateway error before settlement")
        raise
    if served.status_code >= 400:
        fac.journal.release(key, f"endpoint answered {served.status_code}")
        return served
    receipt = await to_thread.run_sync(fac.settle_claimed, key, payload)
    if not receipt.success:
        reason = receipt.error_reason or p.UNEXPECTED_SETTLE_ERROR
        return _refusal(402, reason, "settlement failed", required, version=version)
    crash_point("after_settle")
    for listener in gateway.listeners:
        try:
            listener(route, payload, receipt)
        except Exception:  # noqa: BLE001 - a listener's bug must not lose a paid response
            log.exception("route %s: settlement listener failed", route.slug)
    return _paid_response(gateway, key, served, receipt, version)


def _paid_response(
    gateway: Gateway, key: str, served: Response, receipt: SettleResponse, version: int
) -> Response:
    """The endpoint's answer plus the receipt; the journal row becomes ``delivered`` once sent."""
    headers = {k: v for k, v in served.headers.items() if k.lower() != "content-length"}
    headers.update(wire.receipt_headers(receipt, version))
    gateway.delivering.add(key)

    def sent() -> None:
        try:
            gateway.facilitator.journal.delivered(key)
        finally:
            gateway.delivering.discard(key)

    return Response(
        served.body, served.status_code, headers=headers, background=BackgroundTask(sent)
    )


async def _replay(
    gateway: Gateway,
    route: Route,
    path: str,
    request: Request,
    body: bytes,
    row: JournalRow,
    required: PaymentRequired,
    payload: PaymentPayload,
) -> Response:
    """A header the journal already holds: never a second charge or delivery."""
    version = payload.x402_version
    receipt = SettleResponse.from_json(row.receipt) if row.receipt else None
    stored = PaymentPayload.from_json(row.payload)
    same = (
        stored.signature.lower() == payload.signature.lower()
        and stored.authorization == payload.authorization
        and PaymentRequirements.from_json(row.requirements).pay_to.lower()
        == required.accepts[0].pay_to.lower()
        and stored.authorization.value == required.accepts[0].amount
    )
    if not same:  # not the header that paid: tells nothing, serves nothing
        return _refusal(402, p.NONCE_USED, "authorization already used", required, None, version)
    if row.state == "settled" and receipt is not None and row.key not in gateway.delivering:
        # Paid, but the response never reached the client: deliver it now, same receipt.
        # The endpoint is told about the journaled payload, the one that was verified.
        gateway.delivering.add(row.key)
        try:
            served = await gateway.proxy(
                route, path, request, body, paid=stored, transaction=receipt.transaction
            )
        finally:
            gateway.delivering.discard(row.key)
        if served.status_code < 400:
            return _paid_response(gateway, row.key, served, receipt, version)
        return served
    message = "payment already settled" if receipt else "settlement in progress"
    return _refusal(402, p.NONCE_USED, message, required, receipt, version)
