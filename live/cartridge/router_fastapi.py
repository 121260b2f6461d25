"""Cartridges over HTTP (FastAPI): a router for ``/app/{slug}`` and ``/c/{slug}``.

``/app/{slug}[/{path}]`` is free; ``/c/{slug}[/{path}]`` is the paid route, served the same
way but with the payment of the request (from the ``payment`` hook) handed to the guest.
The router itself does not charge: put ``/c`` behind the x402 gate. With the current
gateway (:mod:`live.x402.gateway`, paid routes ``/g/{slug}/...`` proxied to an upstream),
:func:`gateway_route` gives a :class:`~live.x402.gateway.Route` whose upstream is an
in-process app serving one cartridge.

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

if TYPE_CHECKING:
    from live.x402.gateway import Route

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
MAX_BODY_BYTES = 1 << 20
# Credentials and payment headers never reach a guest.
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
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HIDDEN_HEADERS}
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
) -> APIRouter:
    """Routes ``/app/{slug}`` (free) and ``/c/{slug}`` (to put behind the payment gate).

    Args:
        host: Runs the cartridges.
        payment: Gives the payment of a request on ``/c`` (``None``: the guest sees null).
        served: Which slugs are served (e.g. ``lambda s: s in market.endpoints()``);
            ``None`` serves every compiled cartridge.
        max_body_bytes: Largest request body.
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

    for prefix, endpoint in (("/app", free), ("/c", paid)):
        router.add_api_route(prefix + "/{slug}", endpoint, methods=METHODS)
        router.add_api_route(prefix + "/{slug}/{path:path}", endpoint, methods=METHODS)
    return router


def cartridge_app(
    host: CartridgeHost, slug: str, *, max_body_bytes: int = MAX_BODY_BYTES
) -> FastAPI:
    """An ASGI app serving one cartridge at every path (an upstream for the gateway)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.api_route("/{path:path}", methods=METHODS)
    async def one(path: str, request: Request) -> Response:
        return await serve(host, slug, path, request, max_body_bytes=max_body_bytes)

    return app


def gateway_route(host: CartridgeHost, manifest: Manifest, pay_to: str) -> Route:
    """A paid :class:`~live.x402.gateway.Route` at ``/g/{slug}/`` for a cartridge.

    The gateway strips payment headers before proxying, so the guest's ``payment_info``
    is ``null`` on this path (settlement happens after the cartridge answers).
    """
    from live.x402.gateway import Route  # the gateway's x402 stack only when asked for

    return Route(
        slug=manifest.slug,
        price=manifest.price,
        pay_to=pay_to,
        upstream=cartridge_app(host, manifest.slug),
        description=manifest.description,
    )
