"""Simulated time: the Clock port over a ``simpy.Environment``."""

from __future__ import annotations

from typing import Any

import simpy


class SimClock:
    """Clock port backed by a SimPy environment.

    Args:
        env: The environment that owns the event queue.
    """

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env

    @property
    def now(self) -> float:
        """Current simulated time in seconds."""
        return float(self.env.now)

    def sleep_until(self, when: float) -> Any:
        """Event that fires at absolute time ``when`` (immediately if it is past)."""
        return self.env.timeout(max(0.0, when - self.env.now))
