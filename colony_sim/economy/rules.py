"""The facilitator's checks for an "exact" payment, as a pure function.

One function decides whether a payment may settle; the simulated ledger and the live
facilitator both call it, each supplying its own signature check, nonce store and
balance. That is what makes a simulated payment fail exactly where a live one would.
"""

from __future__ import annotations

from collections.abc import Callable

from colony_sim import payments as p
from colony_sim.payments import PaymentPayload, PaymentRequirements


def check_payment(
    payload: PaymentPayload,
    required: PaymentRequirements,
    *,
    now: float,
    nonce_used: Callable[[str, str], bool],
    signature_ok: Callable[[PaymentPayload], bool],
    balance_of: Callable[[str], int],
) -> str | None:
    """Return ``None`` if ``payload`` may settle against ``required``, else the reason.

    The order follows the x402 "exact" EVM facilitator: scheme and network, recipient,
    asset, exact value, validity window (with a 6 s expiry buffer), nonce unused,
    signature, balance.

    Args:
        payload: The client's signed payment.
        required: What the server asked for.
        now: Current time in seconds on the ledger's clock.
        nonce_used: ``(payer, nonce) -> bool``, whether that authorization was used.
        signature_ok: Whether the payload's signature recovers to its payer.
        balance_of: Current balance of an address in atomic units.

    Returns:
        An x402 error reason string, or ``None`` when the payment is valid.
    """
    auth = payload.authorization
    accepted = payload.accepted
    if accepted.scheme != p.SCHEME_EXACT or required.scheme != p.SCHEME_EXACT:
        return p.INVALID_SCHEME
    if accepted.network != required.network:
        return p.INVALID_NETWORK
    if auth.pay_to != required.pay_to or accepted.pay_to != required.pay_to:
        return p.RECIPIENT_MISMATCH
    if accepted.asset != required.asset:
        return p.ASSET_MISMATCH
    if auth.value != required.amount:
        return p.VALUE_MISMATCH
    if auth.valid_before < now + p.EXPIRY_BUFFER_S:
        return p.VALID_BEFORE
    if auth.valid_after > now:
        return p.VALID_AFTER
    if nonce_used(auth.payer, auth.nonce):
        return p.NONCE_USED
    if not signature_ok(payload):
        return p.SIGNATURE_INVALID
    if balance_of(auth.payer) < auth.value:
        return p.INSUFFICIENT_FUNDS
    return None
