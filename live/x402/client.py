"""Our x402 client: pays "exact" EVM (EIP-3009) requirements from a wallet.

Flow: send the request; on **402** read the requirements (v2 ``PAYMENT-REQUIRED``
header, else the v1 JSON body), pick the first acceptable one (scheme ``exact``, an
``eip155`` network, an allowed asset, at most ``max_amount``), sign a
``TransferWithAuthorization`` over the asset's EIP-712 domain (``extra.name`` /
``extra.version``), and retry once with ``PAYMENT-SIGNATURE`` (``X-PAYMENT`` for v1).
The answer's ``PAYMENT-RESPONSE`` receipt is decoded into :attr:`PaidResponse.receipt`.

Works with our gateway and with servers built from the ``x402`` package's middleware.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import httpx

from colony_sim import payments as p
from colony_sim.errors import PaymentError
from colony_sim.payments import (
    Authorization,
    PaymentPayload,
    PaymentRequired,
    PaymentRequirements,
    SettleResponse,
)
from live.chain.token import Domain, TypedDataSigner, sign_transfer_authorization
from live.x402 import wire

CLOCK_SKEW_S = 600
"""``validAfter`` is set this far in the past, to tolerate clock skew."""


@dataclass(frozen=True, slots=True)
class PaidResponse:
    """An HTTP answer and what was paid for it.

    Attributes:
        response: The final HTTP response.
        payment: The payment sent (``None`` if none was needed or possible).
        receipt: The decoded ``PAYMENT-RESPONSE`` (``None`` if absent).
    """

    response: httpx.Response
    payment: PaymentPayload | None
    receipt: SettleResponse | None


def payment_required_of(response: httpx.Response) -> PaymentRequired:
    """The requirements of a 402 answer (v2 header first, else the v1 body).

    Raises:
        PaymentError: when neither form parses.
    """
    header = response.headers.get(wire.PAYMENT_REQUIRED_HEADER)
    if header:
        return PaymentRequired.decode(header)
    try:
        body = response.json()
    except ValueError:
        raise PaymentError(
            p.INVALID_PAYLOAD, "402: no PAYMENT-REQUIRED header, body not JSON"
        ) from None
    return PaymentRequired.from_json(body)


def receipt_of(response: httpx.Response) -> SettleResponse | None:
    """The decoded receipt header of ``response``, if any."""
    for name in (wire.PAYMENT_RESPONSE_HEADER, wire.X_PAYMENT_RESPONSE_HEADER):
        value = response.headers.get(name)
        if value:
            return SettleResponse.decode(value, name)
    return None


class X402Client:
    """Signs x402 payments for one wallet, under a spending limit.

    Args:
        wallet: The payer (anything with ``address`` and ``sign_typed_data``).
        max_amount: Largest single payment, in atomic units.
        assets: Token addresses it may pay with (any when ``None``).
        networks: CAIP-2 networks it may pay on (any ``eip155`` when ``None``).
        clock: Wall clock for the validity window.
    """

    def __init__(
        self,
        wallet: TypedDataSigner,
        *,
        max_amount: int,
        assets: Collection[str] | None = None,
        networks: Collection[str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.wallet = wallet
        self.max_amount = max_amount
        self.assets = None if assets is None else {a.lower() for a in assets}
        self.networks = None if networks is None else set(networks)
        self.clock = clock

    def choose(self, required: PaymentRequired) -> PaymentRequirements:
        """The first requirement this client may pay.

        Raises:
            PaymentError: ``invalid_payment_requirements`` when none is acceptable.
        """
        for req in required.accepts:
            if req.scheme != p.SCHEME_EXACT or not req.network.startswith("eip155:"):
                continue
            if self.networks is not None and req.network not in self.networks:
                continue
            if self.assets is not None and req.asset.lower() not in self.assets:
                continue
            if req.amount > self.max_amount or not {"name", "version"} <= req.extra.keys():
                continue
            return req
        raise PaymentError(p.INVALID_REQUIREMENTS, "accepts: nothing within this client's policy")

    def sign(self, req: PaymentRequirements, version: int = 2) -> PaymentPayload:
        """Sign an authorization paying ``req`` exactly."""
        chain_id = int(req.network.split(":", 1)[1])
        domain = Domain(str(req.extra["name"]), str(req.extra["version"]), chain_id, req.asset)
        now = int(self.clock())
        nonce = "0x" + secrets.token_hex(32)
        after, before = max(0, now - CLOCK_SKEW_S), now + req.max_timeout_seconds
        signed = sign_transfer_authorization(
            self.wallet,
            domain,
            to=req.pay_to,
            value=req.amount,
            valid_after=after,
            valid_before=before,
            nonce=nonce,
        )
        auth = Authorization(self.wallet.address, req.pay_to, req.amount, after, before, nonce)
        return PaymentPayload(req, auth, "0x" + signed.signature.hex(), version)

    def payment_header(self, response: httpx.Response) -> tuple[dict[str, str], PaymentPayload]:
        """Headers paying the 402 ``response``, and the payment they carry."""
        required = payment_required_of(response)
        payment = self.sign(self.choose(required), required.x402_version)
        name = (
            wire.X_PAYMENT_HEADER if required.x402_version == 1 else wire.PAYMENT_SIGNATURE_HEADER
        )
        return {name: payment.encode()}, payment

    def request(self, http: httpx.Client, method: str, url: str, **kwargs: Any) -> PaidResponse:
        """Send a request, paying once if the answer is 402."""
        response = http.request(method, url, **kwargs)
        if response.status_code != 402:
            return PaidResponse(response, None, receipt_of(response))
        headers, payment = self.payment_header(response)
        kwargs["headers"] = {**dict(kwargs.get("headers") or {}), **headers}
        paid = http.request(method, url, **kwargs)
        return PaidResponse(paid, payment, receipt_of(paid))

    async def arequest(
        self, http: httpx.AsyncClient, method: str, url: str, **kwargs: Any
    ) -> PaidResponse:
        """Async :meth:`request`."""
        response = await http.request(method, url, **kwargs)
        if response.status_code != 402:
            return PaidResponse(response, None, receipt_of(response))
        headers, payment = self.payment_header(response)
        kwargs["headers"] = {**dict(kwargs.get("headers") or {}), **headers}
        paid = await http.request(method, url, **kwargs)
        return PaidResponse(paid, payment, receipt_of(paid))
