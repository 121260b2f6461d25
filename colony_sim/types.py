"""Units and identifiers used across the lab.

Money is always an ``int`` of atomic token units. The stablecoin has 6 decimals, so
1 token (1 pathUSD) is ``1_000_000`` units. Time is simulated seconds (a float).
"""

from __future__ import annotations

from typing import NewType

TokenAmount = NewType("TokenAmount", int)
"""Atomic units of the 6-decimal stablecoin (1 token = 1_000_000)."""

AgentId = NewType("AgentId", str)
"""Stable identifier of an agent; also its wallet name in the simulation."""

Address = NewType("Address", str)
"""A wallet address (``0x`` + 40 hex in live mode; ``sim:<name>`` in simulation)."""

Seconds = NewType("Seconds", float)
"""Simulated (or, in live mode, wall-clock) seconds."""

DECIMALS = 6
UNIT = 10**DECIMALS
"""Atomic units per whole token."""


def tokens(amount: float) -> TokenAmount:
    """Convert a human amount of tokens to atomic units, rounding half to even.

    Args:
        amount: Whole tokens, e.g. ``0.001``.

    Returns:
        The amount in atomic units, e.g. ``1000``.
    """
    return TokenAmount(round(amount * UNIT))


def format_tokens(units: int) -> str:
    """Format atomic units as a token amount with 6 decimals, e.g. ``'1.000000'``."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), UNIT)
    return f"{sign}{whole}.{frac:06d}"
