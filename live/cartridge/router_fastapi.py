"""Cartridges over HTTP (FastAPI): a router for ``/app/{slug}`` and ``/c/{slug}``.

``/app/{slug}[/{path}]`` is free; ``/c/{slug}[/{path}]`` is the paid route, served the same
way but with the payment of the request (from the ``payment`` hook) handed to the guest.
The router itself does not charge: put ``/c`` behind the x402 gate. With the current
gateway (:mod:`live.x402.gateway`, paid routes ``/g/{slug}/...`` proxied to an upstream),
:func:`gateway_route` gives a :class:`~live.x402.gateway.Route` whose upstream is an
in-process app serving one cartridge (:func:`cartridge_app`); that app hands the guest the
payment the gateway describes in its ``x-x402-*`` headers (:func:`gateway_payment`).

Bodies over ``max_body_bytes`` get 413, non-UTF-8 bodies 400, an unknown slug 404 naming
it. Calls run in a worker thread, so a slow cartridge never blocks the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from anyio import to_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from live.cartridge.abi import CallResult, CartridgeRequest, Payment
from live.cartridge.errors import CartridgeNotFound
from live.cartridge.host_wasmtime import CartridgeHost
from live.cartridge.manifest import SLUG, Manifest
from live.x402 import upstream

if TYPE_CHECKING:
    from live.x402.gateway import Route

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
MAX_BODY_BYTES = 1 << 20
# Credentials and payment headers never reach a guest (nor do the gateway's ``x-x402-*``:
# the guest learns its payment from ``payment_info``, never from a header a client can send).
HIDDEN_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "payment-signature", "x-payment"}
)

PaymentHook = Callable[[Request], Payment | None]


def to_response(result: CallResult) -> Response:
    """The HTTP response of a call (failures carry ``X-Cartridge-Error``)."""
    headers = {"x-cartridge-fuel": str(result.fuel_used)}
    if result.error is not None:
        headers["x-cartridge-error"] = result.error
    return Response(result.body, result.status, headers=headers, media_type=result.content_type)


def _not_found(slug: str) -> JSONResponse:
    return JSONResponse({"error": "not_found", "message": f"no cartridge {slug!r}"}, 404)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The body, or ``None`` if it exceeds ``limit`` bytes (checked while streaming)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def serve(
    host: CartridgeHost,
    slug: str,
    path: str,
    request: Request,
    *,
    payment: Payment | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> Response:
    """Run ``slug`` on an HTTP request and answer with its response."""
    if not SLUG.fullmatch(slug) or not host.knows(slug):
        return _not_found(slug)
    raw = await _read_body(request, max_body_bytes)
    if raw is None:
        message = f"body over {max_body_bytes} bytes"
        return JSONResponse({"error": "too_large", "message": message}, 413)
    try:
        body = raw.decode()
    except UnicodeDecodeError:
        return JSONResponse({"error": "bad_request", "message": "body must be UTF-8"}, 400)
    query = request.url.query
    headers = {
        k: v
        for k, v in request.headers.items()
        if k.lower() not in HIDDEN_HEADERS and not upstream.is_payment_header(k)
    }
    req = CartridgeRequest(
        request.method, "/" + path + (f"?{query}" if query else ""), body, headers, payment
    )
    try:
        result = await to_thread.run_sync(host.call, slug, req)
    except CartridgeNotFound:  # removed between the check and the call
        return _not_found(slug)
    return to_response(result)


def cartridge_router(
    host: CartridgeHost,
    *,
    payment: PaymentHook | None = None,
    served: Callable[[str], bool] | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    include_paid: bool = True,
) -> APIRouter:
    """Routes ``/app/{slug}`` (free) and ``/c/{slug}`` (to put behind the payment gate).

    Args:
        host: Runs the cartridges.
        payment: Gives the payment of a request on ``/c`` (``None``: the guest sees null).
        served: Which slugs are served (e.g. ``lambda s: s in market.endpoints()``);
            ``None`` serves every compiled cartridge.
        max_body_bytes: Largest request body.
        include_paid: Add the ``/c`` routes; a node that serves ``/c`` through its own
            payment gate passes ``False`` so no unpaid ``/c`` route exists beside it.
    """
    router = APIRouter()
    allowed = served or (lambda slug: True)

    async def free(slug: str, request: Request, path: str = "") -> Response:
        if not allowed(slug):
            return _not_found(slug)
        return await serve(host, slug, path, request, max_body_bytes=max_body_bytes)

    async def paid(slug: str, request: Request, path: str = "") -> Response:
        if not allowed(slug):
            return _not_found(slug)
        pay = payment(request) if payment is not None else None
        return await serve(host, slug, path, request, payment=pay, max_body_bytes=max_body_bytes)

    routes = (("/app", free), ("/c", paid)) if include_paid else (("/app", free),)
    for prefix, endpoint in routes:
        for suffix in ("/{slug}", "/{slug}/{path:path}"):
            for method in METHODS:  # one route per method: unique OpenAPI operation ids
                name = f"{prefix[1:]}_{'path' if 'path' in suffix else 'slug'}_{method.lower()}"
                router.add_api_route(prefix + suffix, endpoint, methods=[method],
                                     operation_id=name)
    return router


def gateway_payment(request: Request) -> Payment | None:
    """The payment the gateway describes in a proxied request's ``x-x402-*`` headers.

    ``None`` without ``x-x402-payer`` (a free request). The gateway drops a client's own
    ``x-x402-*`` headers, so trust this only in an app that nothing but the gateway reaches.
    """
    headers = request.headers
    payer = headers.get(upstream.PAYER)
    if payer is None:
        return None
    return Payment(
        payer,
        int(headers[upstream.AMOUNT]),  # the gateway always sends it: missing is a bug (500)
        headers.get(upstream.TRANSACTION, ""),
        asset=headers.get(upstream.ASSET, ""),
        network=headers.get(upstream.NETWORK, ""),
        nonce=headers.get(upstream.NONCE, ""),
    )


def cartridge_app(
    host: CartridgeHost, slug: str, *, max_body_bytes: int = MAX_BODY_BYTES
) -> FastAPI:
    """An ASGI app serving one cartridge at every path (an upstream for the gateway).

    The guest's ``payment_info`` is the payment the gateway verified and claimed
    (:func:`gateway_payment`), ``null`` on a free request. Serve this app only behind the
    gateway (in-process, as :func:`gateway_route` and the live node do): the gateway is what
    drops a client's forged ``x-x402-*`` headers.
    """
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.api_route("/{path:path}", methods=METHODS)
    async def one(path: str, request: Request) -> Response:
        pay = gateway_payment(request)
        return await serve(host, slug, path, request, payment=pay, max_body_bytes=max_body_bytes)

    return app


def gateway_route(host: CartridgeHost, manifest: Manifest, pay_to: str) -> Route:
    """A paid :class:`~live.x402.gateway.Route` at ``/g/{slug}/`` for a cartridge.

    The guest's ``payment_info`` gives the payer, the amount, the asset, the network and
    the nonce. ``tx_hash`` is "" and ``settled`` false, because the gateway settles only
    after the cartridge has answered (a settled response the client never received, served
    once more, carries its hash).
    """
    from live.x402.gateway import Route  # the gateway's x402 stack only when asked for

    return Route(
        slug=manifest.slug,
        price=manifest.price,
        pay_to=pay_to,
        upstream=cartridge_app(host, manifest.slug),
        description=manifest.description,
    )
