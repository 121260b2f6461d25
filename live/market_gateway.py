"""The Market port on the node's x402 gateway: paid requests are real HTTP requests.

The simulation's market draws buyers from a Poisson process and leaves settlement to the
agent. Here buyers are whoever calls the node: the gateway verifies, serves and settles
each payment on chain before it answers (x402: no content without money), then tells
this adapter, which queues the request with its settlement attached. The agent's cycle
polls the queue as it polls the simulated market and, seeing ``settlement`` filled in,
does not settle again (a second settlement would be refused as a replay anyway).

Endpoints are gateway routes: :meth:`GatewayMarket.add_endpoint` registers a paid route
whose upstream comes from ``upstream_for(endpoint)`` (a cartridge's ASGI app, a URL).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from colony_sim.payments import PaymentPayload, SettleResponse
from colony_sim.ports import PaidRequest
from live.x402.gateway import Gateway, Route

#: Settled requests kept between two polls; older ones are dropped (and counted).
MAX_QUEUED = 10_000


class GatewayMarket:
    """Market port over a :class:`~live.x402.gateway.Gateway`.

    Args:
        gateway: The node's gateway; this adapter registers itself as a listener.
        pay_to: Address the agent is paid at.
        price: Price of a new endpoint in atomic units (the seed's cartridge default 1000).
        upstream_for: Maps an endpoint name to the route's upstream (ASGI app or base URL).
        clock: Time source for ``last_poll`` (the agent's clock, or wall time).
        state_file: JSON file of the endpoints served, rewritten at each new endpoint and
            read back at start (a restarted node serves what it had deployed).
    """

    def __init__(
        self,
        gateway: Gateway,
        pay_to: str,
        *,
        price: int = 1_000,
        upstream_for: Callable[[str], Any],
        clock: Callable[[], float] = time.time,
        state_file: Path | None = None,
    ) -> None:
        if price <= 0:
            raise ValueError("price: must be a positive number of atomic units")
        self.gateway = gateway
        self.pay_to = pay_to
        self.default_price = price
        self.upstream_for = upstream_for
        self.clock = clock
        self.last_poll = 0.0
        self.dropped = 0
        self._mine: list[str] = []
        self._queue: deque[PaidRequest] = deque()
        self._lock = threading.Lock()
        gateway.listeners.append(self._on_settled)
        self.state_file = state_file
        if state_file is not None and state_file.exists():
            for endpoint in json.loads(state_file.read_text()):
                self.add_endpoint(str(endpoint))

    def _on_settled(self, route: Route, payload: PaymentPayload, receipt: SettleResponse) -> None:
        if route.slug not in self._mine:
            return
        with self._lock:
            if len(self._queue) >= MAX_QUEUED:
                self._queue.popleft()
                self.dropped += 1
            self._queue.append(
                PaidRequest(route.slug, payload, payload.accepted, settlement=receipt)
            )

    def price(self, endpoint: str) -> int:
        """Price of one request to ``endpoint`` (the default for one not yet served)."""
        route = self.gateway.routes.get(endpoint)
        return route.price if route is not None else self.default_price

    def poll(self, until: float) -> list[PaidRequest]:
        """Every request settled since the last poll (``until`` only advances ``last_poll``)."""
        with self._lock:
            out = list(self._queue)
            self._queue.clear()
        self.last_poll = max(self.last_poll, until)
        return out

    def add_endpoint(self, endpoint: str) -> None:
        """Serve ``endpoint`` as a paid gateway route (idempotent)."""
        if endpoint in self._mine:
            return
        route = Route(endpoint, self.default_price, self.pay_to, self.upstream_for(endpoint),
                      f"cartridge {endpoint}")
        self.gateway.add_route(route)
        self._mine.append(endpoint)
        if self.state_file is not None:
            tmp = self.state_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._mine))
            tmp.replace(self.state_file)

    def endpoints(self) -> Sequence[str]:
        """Endpoints this agent serves, in the order they were added."""
        return tuple(self._mine)
