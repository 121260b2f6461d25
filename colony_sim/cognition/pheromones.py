"""Pheromone trails over plan templates, as pure functions.

``tau`` is a float array ``(n_templates,)`` of trail intensities (dimensionless, ≥ 0).
Trails evaporate exponentially in simulated time, are reinforced by plan rewards, and
bias the choice of the next plan (stigmergy): ``P(i) ∝ tau[i] + tau0``.
"""

from __future__ import annotations

import math

import numpy as np

from colony_sim.floats import left_sum


def evaporate(tau: np.ndarray, dt: float, rate: float) -> None:
    """Decay ``tau`` in place by ``exp(-rate·dt)`` (``rate`` per second)."""
    if rate > 0 and dt > 0:
        tau *= math.exp(-rate * dt)


def deposit(tau: np.ndarray, i: int, amount: float) -> None:
    """Add ``amount`` (may be negative) to trail ``i``, clamped at 0."""
    tau[i] = max(0.0, tau[i] + amount)


def choose(tau: np.ndarray, u: float, tau0: float = 1.0) -> int:
    """Pick a trail with probability proportional to ``tau + tau0`` using uniform ``u``."""
    weights = [t + tau0 for t in tau.tolist()]
    target = u * left_sum(weights)
    acc = 0.0
    for i, w in enumerate(weights):
        acc += w
        if target < acc:
            return i
    return len(weights) - 1


def merge(tau: np.ndarray, peers: list[np.ndarray], rate: float) -> None:
    """Move ``tau`` toward the peers' mean by ``rate`` in place: ``τ ← (1−r)τ + r·mean``."""
    if peers and rate > 0:
        tau *= 1.0 - rate
        tau += rate * np.mean(peers, axis=0)
