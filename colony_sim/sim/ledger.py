"""Simulated ledger: balances, sim-signed x402 payments and a facilitator.

It enforces the same rules as the live facilitator (:func:`check_payment`): an
authorization's nonce is used once, its validity window holds, the amount is exact,
recipient and asset match, the signature recovers to the payer, and the payer can pay.
Money is conserved: supply changes only through :meth:`SimLedger.mint`.

A used nonce stays used for good, as EIP-3009's ``authorizationState`` does on chain:
the ledger keeps a 128-bit digest of every settled ``(payer, nonce)`` (about 90 bytes
each; a false "already used" needs a digest collision, odds below 1e-20 for a billion
payments).

Signatures are keyed BLAKE2b MACs over the authorization (65 bytes, like an EVM
signature) with a per-wallet secret drawn from the colony's seed; only the ledger holds
the secrets, as only the key holder can sign on a chain.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from colony_sim import payments as p
from colony_sim.economy.rules import check_payment
from colony_sim.errors import InsufficientFunds, PaymentError
from colony_sim.payments import (
    Authorization,
    PaymentPayload,
    PaymentRequirements,
    SettleResponse,
    VerifyResponse,
)
from colony_sim.ports import Clock

NETWORK = "sim:colony"
ASSET = "sim:pathUSD"
CLOCK_SKEW_S = 600
"""Authorizations start this many seconds in the past, as x402 clients do."""


class SimLedger:
    """Ledger port for the simulation.

    Args:
        clock: The colony clock (validity windows are checked against it).
        rng: Stream for wallet secrets.
    """

    network = NETWORK
    asset = ASSET

    def __init__(self, clock: Clock, rng: np.random.Generator) -> None:
        self.clock = clock
        self.rng = rng
        self.balances: dict[str, int] = {}
        self.minted = 0
        self.transactions = 0
        self._secrets: dict[str, bytes] = {}
        self._used: set[int] = set()  # used_key() of every settled authorization

    # -- wallets -------------------------------------------------------------------

    def open(self, address: str) -> str:
        """Create a wallet (idempotent) and return its address."""
        if address not in self.balances:
            self.balances[address] = 0
            self._secrets[address] = self.rng.bytes(32)
        return address

    def mint(self, address: str, amount: int) -> None:
        """Faucet: create ``amount`` new units at ``address``. The only source of money."""
        if amount < 0:
            raise ValueError("amount: must be non-negative")
        self.open(address)
        self.balances[address] += amount
        self.minted += amount

    @property
    def supply(self) -> int:
        """Sum of all balances (equals :attr:`minted` at all times)."""
        return sum(self.balances.values())

    def balance_of(self, address: str) -> int:
        """Balance in atomic units (0 for an unknown address)."""
        return self.balances.get(address, 0)

    def transfer(self, payer: str, pay_to: str, amount: int, memo: str = "") -> str:
        """Move ``amount`` directly; raises :class:`InsufficientFunds` if it cannot."""
        if amount < 0:
            raise ValueError("amount: must be non-negative")
        balances = self.balances
        have = balances.get(payer, 0)
        if have < amount:
            raise InsufficientFunds(f"{payer} has {have}, needs {amount}")
        balances[payer] = have - amount
        balances[pay_to] = balances.get(pay_to, 0) + amount
        self.transactions += 1
        return f"sim-tx-{self.transactions}"

    # -- x402 ----------------------------------------------------------------------

    def _sign(self, payer: str, auth: Authorization) -> str:
        secret = self._secrets.get(payer)
        if secret is None:
            raise PaymentError(p.SIGNATURE_INVALID, f"no key held for {payer}")
        msg = "|".join(
            (
                auth.payer,
                auth.pay_to,
                str(auth.value),
                str(auth.valid_after),
                str(auth.valid_before),
                auth.nonce,
            )
        )
        digest = hashlib.blake2b(msg.encode(), key=secret, digest_size=64).hexdigest()
        return "0x" + digest + "1b"

    def authorize(
        self,
        payer: str,
        requirements: PaymentRequirements,
        nonce: str,
        *,
        valid_after: int | None = None,
        valid_before: int | None = None,
    ) -> PaymentPayload:
        """Sign an "exact" payment of ``requirements.amount`` from ``payer``."""
        now = int(self.clock.now)
        auth = Authorization(
            payer=payer,
            pay_to=requirements.pay_to,
            value=requirements.amount,
            valid_after=max(0, now - CLOCK_SKEW_S) if valid_after is None else valid_after,
            valid_before=(
                now + requirements.max_timeout_seconds if valid_before is None else valid_before
            ),
            nonce=nonce,
        )
        return PaymentPayload(requirements, auth, self._sign(payer, auth))

    def _signature_ok(self, payload: PaymentPayload) -> bool:
        payer = payload.authorization.payer
        if payer not in self._secrets:
            return False
        return self._sign(payer, payload.authorization) == payload.signature

    def _check(self, payload: PaymentPayload, requirements: PaymentRequirements) -> str | None:
        if payload.accepted.network != self.network or requirements.network != self.network:
            return p.INVALID_NETWORK
        return check_payment(
            payload,
            requirements,
            now=self.clock.now,
            nonce_used=lambda payer, nonce: used_key(payer, nonce) in self._used,
            signature_ok=self._signature_ok,
            balance_of=self.balance_of,
        )

    def verify(self, payload: PaymentPayload, requirements: PaymentRequirements) -> VerifyResponse:
        """Check a payment without moving money."""
        reason = self._check(payload, requirements)
        return VerifyResponse(reason is None, reason, payload.authorization.payer)

    def settle(self, payload: PaymentPayload, requirements: PaymentRequirements) -> SettleResponse:
        """Verify, claim the nonce, move the money. A replay gets ``nonce_already_used``."""
        auth = payload.authorization
        reason = self._check(payload, requirements)
        if reason is not None:
            return SettleResponse(False, self.network, "", auth.payer, reason)
        self._used.add(used_key(auth.payer, auth.nonce))
        tx = self.transfer(auth.payer, auth.pay_to, auth.value, "x402")
        return SettleResponse(True, self.network, tx, auth.payer)

    # -- checkpoints -------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Plain-data snapshot for checkpoints."""
        return {
            "balances": dict(self.balances),
            "minted": self.minted,
            "transactions": self.transactions,
            "secrets": dict(self._secrets),
            "used": sorted(self._used),
            "rng": self.rng.bit_generator.state,
        }

    def load(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`state` snapshot."""
        self.balances = dict(state["balances"])
        self.minted = state["minted"]
        self.transactions = state["transactions"]
        self._secrets = dict(state["secrets"])
        if "used" in state:
            self._used = set(state["used"])
        else:  # a checkpoint from before nonces were kept for good: what it still held
            self._used = {used_key(payer, nonce) for payer, nonce in state["nonces"]}
        self.rng.bit_generator.state = state["rng"]


def used_key(payer: str, nonce: str) -> int:
    """128-bit digest standing for the authorization ``(payer, nonce)`` in the used set."""
    digest = hashlib.blake2b(f"{payer}|{nonce}".encode(), digest_size=16).digest()
    return int.from_bytes(digest, "big")
