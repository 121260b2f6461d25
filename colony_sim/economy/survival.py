"""Survival tiers: how an agent's balance changes its behaviour.

Modelled on Automaton's tiers (``../shared/notes/anchors.md`` §2): the poorer an agent,
the slower and cheaper it lives. Balances are atomic units; thresholds are parameters
(``DynamicsConfig.conserve_below > critical_below``).

======== ===================================== ========= ========== ======================
tier     balance                               cadence   think cost work shed
======== ===================================== ========= ========== ======================
normal   ≥ conserve_below                      × 1       × 1        —
conserve [critical_below, conserve_below)      × c_cons  × t_cons   benchmarks
critical < critical_below                      × c_crit  × t_crit   benchmarks, sharing
dead     cannot pay the (reduced) think cost   —         —          everything
======== ===================================== ========= ========== ======================

Death creates and destroys nothing: the agent's remainder stays in its wallet.
"""

from __future__ import annotations

from dataclasses import dataclass

NORMAL, CONSERVE, CRITICAL, DEAD = "normal", "conserve", "critical", "dead"
TIERS = (NORMAL, CONSERVE, CRITICAL, DEAD)


@dataclass(frozen=True, slots=True)
class Regime:
    """What a tier means for the cycle.

    Attributes:
        cadence: Multiplier of the gap between cycles (≥ 1 slows down).
        think: Multiplier of the think cost (cheaper thinking, e.g. a smaller model).
        benchmark: Whether scheduled benchmarks still run.
        share: Whether peer exchanges still run.
    """

    cadence: float
    think: float
    benchmark: bool
    share: bool


def tier(balance: int, conserve_below: int, critical_below: int) -> str:
    """The tier of a living agent with ``balance`` units.

    Raises:
        ValueError: if the thresholds are not ordered ``conserve_below > critical_below``.
    """
    if critical_below >= conserve_below:
        raise ValueError("critical_below: must be below conserve_below")
    if balance >= conserve_below:
        return NORMAL
    if balance >= critical_below:
        return CONSERVE
    return CRITICAL


_NORMAL = Regime(1.0, 1.0, True, True)
"""The normal tier's regime (frozen, so one instance serves every call)."""


def regime(name: str, dyn: object) -> Regime:
    """The :class:`Regime` of tier ``name`` under a ``DynamicsConfig``."""
    if name == NORMAL:
        return _NORMAL
    if name == CONSERVE:
        return Regime(dyn.conserve_cadence, dyn.conserve_think, False, True)  # type: ignore[attr-defined]
    if name == CRITICAL:
        return Regime(dyn.critical_cadence, dyn.critical_think, False, False)  # type: ignore[attr-defined]
    raise ValueError(f"tier: no behaviour for {name!r}")


def think_cost(base: int, multiplier: float) -> int:
    """Think cost in units after the tier's multiplier (rounded down, never negative)."""
    return max(0, int(base * multiplier))
