"""What the gateway tells an endpoint about the payment of a request: ``x-x402-*`` headers.

Once it has verified a payment and claimed its nonce, the gateway proxies the request to
the endpoint with these headers (values as on the wire, amounts in atomic units):

* ``x-x402-payer``: the payer's address (the EIP-3009 authorization's ``from``);
* ``x-x402-amount``: what was paid (its ``value``, checked equal to the route's price);
* ``x-x402-asset``: the token contract; ``x-x402-network``: the CAIP-2 network;
* ``x-x402-nonce``: the authorization nonce (``0x`` + 64 hex), unique per payment;
* ``x-x402-transaction``: the settlement hash, only when the payment had settled already.

The gateway settles after the endpoint answers (a failing endpoint costs the payer
nothing), so a first delivery carries no ``x-x402-transaction``; a settled response the
client never received, served once more, does.

The gateway drops every header whose name starts with ``x-x402-`` that a client sends, on
every route (paid, free sub-paths, replays), so an endpoint may trust these headers as long
as nothing but the gateway can reach it (an in-process app, as for cartridges, or a server
bound where only the gateway connects).

No HTTP or ``x402`` package imports: the cartridge router reads these headers without
loading the gateway's stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from colony_sim.payments import PaymentPayload

PREFIX: Final = "x-x402-"
PAYER: Final = PREFIX + "payer"
AMOUNT: Final = PREFIX + "amount"
ASSET: Final = PREFIX + "asset"
NETWORK: Final = PREFIX + "network"
NONCE: Final = PREFIX + "nonce"
TRANSACTION: Final = PREFIX + "transaction"


def is_payment_header(name: str) -> bool:
    """Whether ``name`` (any case) is the gateway's to set: a client's copy is dropped."""
    return name.lower().startswith(PREFIX)


def payment_headers(payload: PaymentPayload, transaction: str = "") -> dict[str, str]:
    """The headers describing a verified, claimed ``payload`` to the endpoint.

    Args:
        payload: The payment the gateway verified and claimed.
        transaction: Settlement hash, when the payment has settled already ("" otherwise:
            the header is then left out).
    """
    auth = payload.authorization
    headers = {
        PAYER: auth.payer,
        AMOUNT: str(auth.value),
        ASSET: payload.accepted.asset,
        NETWORK: payload.accepted.network,
        NONCE: auth.nonce,
    }
    if transaction:
        headers[TRANSACTION] = transaction
    return headers
