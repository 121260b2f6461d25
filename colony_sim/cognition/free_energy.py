"""Free energy as surprise: ``F = Σ −ln p(observed outcome)``.

The colony's F(t) is the mean surprise per executed step over a sampling period
(nats per step); a falling F means the agents predict their world better.
"""

from __future__ import annotations

import math

import numpy as np

P_MIN = 1e-6


def surprise(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-step surprise ``−ln p(y)`` in nats, for predictions ``p`` and outcomes ``y``."""
    q = np.clip(np.where(y > 0, p, 1.0 - p), P_MIN, 1.0)
    return -np.log(q)


def brier(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-step Brier score ``(p − y)²``."""
    return (p - y) ** 2


def score(p: list[float], y: list[float]) -> tuple[float, float]:
    """Summed surprise (nats) and summed Brier score of a few steps (plain floats)."""
    total_surprise = total_brier = 0.0
    for pi, yi in zip(p, y, strict=True):
        q = pi if yi > 0 else 1.0 - pi
        total_surprise -= math.log(min(1.0, max(P_MIN, q)))
        total_brier += (pi - yi) ** 2
    return total_surprise, total_brier


EXPLORE, LEARN, EXPLOIT = "explore", "learn", "exploit"


def regime_step(
    regime: str, f_fast: float, f_slow: float, f: float, *, hysteresis: float = 0.05
) -> tuple[str, float, float]:
    """Update the EXPLORE/LEARN/EXPLOIT regime from a new free-energy value ``f``.

    Two exponential moving averages follow F: a fast one (rate 0.2) and a slow one
    (rate 0.02). Surprise rising (fast above slow by more than ``hysteresis`` nats)
    switches to EXPLORE; falling below by more than ``hysteresis`` switches to EXPLOIT;
    in between the regime is kept (hysteresis), except that EXPLORE relaxes to LEARN
    once the two averages meet.

    Returns:
        ``(regime, f_fast, f_slow)``.
    """
    if math.isnan(f_fast):
        return LEARN, f, f
    f_fast += 0.2 * (f - f_fast)
    f_slow += 0.02 * (f - f_slow)
    gap = f_fast - f_slow
    if gap > hysteresis:
        regime = EXPLORE
    elif gap < -hysteresis:
        regime = EXPLOIT
    elif regime == EXPLORE and gap <= 0:
        regime = LEARN
    return regime, f_fast, f_slow
