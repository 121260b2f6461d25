"""Simulated market: Poisson demand for an agent's endpoints, paid through the ledger.

Requests to each endpoint arrive as a Poisson process of rate
``demand_rate × quality`` per second; each carries an "exact" payment signed by the
buyers' wallet, so every sale goes through the facilitator's rules. Nonces are unique by
construction (a hash of the seller's address and a sale counter), as random 32-byte nonces
are unique in practice.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import Any

from colony_sim.payments import SCHEME_EXACT, PaymentRequirements
from colony_sim.ports import Ledger, PaidRequest
from colony_sim.sim.body import SimBody

BUYER = "sim:buyers"


class SimMarket:
    """Market port for one agent.

    Args:
        body: The agent's hidden state (quality and the world stream).
        ledger: Signs the buyers' payments.
        pay_to: The agent's wallet address.
        price: Price per request in atomic units.
        demand_rate: Requests per second per endpoint at quality 1.
        timeout_s: ``maxTimeoutSeconds`` of the payment requirements.
        since: Time from which demand accrues.
    """

    def __init__(
        self,
        body: SimBody,
        ledger: Ledger,
        pay_to: str,
        *,
        price: int,
        demand_rate: float,
        timeout_s: int,
        since: float,
    ) -> None:
        self.body = body
        self.ledger = ledger
        self.pay_to = pay_to
        self._price = price
        self.demand_rate = demand_rate
        self.timeout_s = timeout_s
        self.last_poll = since
        self.hazard = 0.0
        self.sold = 0
        self.nonce_prefix = hashlib.sha256(pay_to.encode()).hexdigest()[:32]
        self.next_arrival = -1.0  # drawn at the first poll (construction draws nothing)
        self._endpoints: list[str] = []
        self._requirements = PaymentRequirements(
            SCHEME_EXACT, ledger.network, price, ledger.asset, pay_to, timeout_s
        )

    def price(self, endpoint: str) -> int:
        """Price of one request (the same for every endpoint in this model)."""
        return self._price

    def endpoints(self) -> Sequence[str]:
        """Endpoints currently served."""
        return tuple(self._endpoints)

    def add_endpoint(self, endpoint: str) -> None:
        """Start serving ``endpoint`` (idempotent)."""
        if endpoint not in self._endpoints:
            self._endpoints.append(endpoint)

    def poll(self, until: float) -> list[PaidRequest]:
        """Paid requests that arrived in ``[last poll, until)``.

        Arrivals follow a Poisson process whose rate is held constant between polls:
        the integrated rate (hazard) advances by ``rate·dt`` and every unit-exponential
        gap it crosses is one request, sent to an endpoint chosen uniformly.
        """
        dt = until - self.last_poll
        self.last_poll = until
        n_endpoints = len(self._endpoints)
        if dt <= 0 or not n_endpoints:
            return []
        body = self.body
        if self.next_arrival < 0:
            self.next_arrival = self.hazard - math.log(1.0 - body.uniform())
        self.hazard += self.demand_rate * body.quality * n_endpoints * dt
        if self.hazard < self.next_arrival:
            return []
        out = []
        req = self._requirements
        while self.hazard >= self.next_arrival:
            self.next_arrival -= math.log(1.0 - body.uniform())
            endpoint = self._endpoints[int(body.uniform() * n_endpoints)]
            self.sold += 1
            # Unique per buyer wallet: this market's id and its sale counter.
            nonce = f"0x{self.nonce_prefix}{self.sold:032x}"
            out.append(PaidRequest(endpoint, self.ledger.authorize(BUYER, req, nonce), req))
        return out

    def state(self) -> dict[str, Any]:
        """Plain-data snapshot for checkpoints (the stream lives in the body)."""
        return {
            "last_poll": self.last_poll,
            "hazard": self.hazard,
            "next_arrival": self.next_arrival,
            "sold": self.sold,
            "endpoints": list(self._endpoints),
        }

    def load(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`state` snapshot."""
        self.last_poll = state["last_poll"]
        self.hazard = state["hazard"]
        self.next_arrival = state["next_arrival"]
        self.sold = state["sold"]
        self._endpoints = list(state["endpoints"])
