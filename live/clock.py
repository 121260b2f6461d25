"""Wall-clock time: the Clock port on SimPy's own ``simpy.rt.RealtimeEnvironment``.

The agent's processes are the same as in simulation; only the environment differs.
``factor`` is wall seconds per simulated second (``0.001``: a simulated second lasts a
millisecond). The environment is not strict: when a step runs late, time simply catches
up instead of raising, since a live node cannot undo work that took longer than planned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simpy.rt import RealtimeEnvironment

from colony_sim.errors import ConfigError


def realtime_env(
    factor: float = 1.0, *, strict: bool = False
) -> Callable[[float], RealtimeEnvironment]:
    """An environment factory for :class:`colony_sim.model.Model` (``make_env=``).

    Args:
        factor: Wall seconds per simulated second.
        strict: Raise ``RuntimeError`` when a step falls behind the wall clock.

    Raises:
        ConfigError: if ``factor`` is not positive.
    """
    if not factor > 0:
        raise ConfigError("factor", f"must be positive wall seconds per second, got {factor}")

    def make(initial_time: float) -> RealtimeEnvironment:
        return RealtimeEnvironment(initial_time=initial_time, factor=factor, strict=strict)

    return make


class RealtimeClock:
    """Clock port paced by the wall clock.

    Args:
        env: The real-time environment that owns the event queue (the colony's, when
            a colony is built with ``make_env=realtime_env(...)``).
    """

    def __init__(self, env: RealtimeEnvironment) -> None:
        self.env = env

    @classmethod
    def paced(
        cls, factor: float = 1.0, *, strict: bool = False, initial_time: float = 0.0
    ) -> RealtimeClock:
        """A clock on a new real-time environment (see :func:`realtime_env`)."""
        return cls(realtime_env(factor, strict=strict)(initial_time))

    @property
    def factor(self) -> float:
        """Wall seconds per simulated second."""
        return float(self.env.factor)

    @property
    def now(self) -> float:
        """Current simulated time in seconds."""
        return float(self.env.now)

    def sleep_until(self, when: float) -> Any:
        """Timeout event that fires at simulated time ``when`` (now if it is past)."""
        return self.env.timeout(max(0.0, when - self.env.now))
