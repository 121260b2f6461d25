"""Hivemind: pheromone trails on (goal, template) edges, and peer reputation.

Trails are a dict ``{(goal, steps): intensity}`` (dimensionless, ≥ 0). They evaporate
exponentially in simulated time, are reinforced in proportion to a plan's reward, may
diffuse a fraction of each deposit to the goal's other templates, and bias the choice of
plans (stigmergy: weight ``τ + τ0``). A peer's reputation in [0, 1] tracks how well the
knowledge it shared predicted outcomes here: ``rep ← rep + η·(outcome − rep)``.
"""

from __future__ import annotations

import math

Edge = tuple[str, tuple[int, ...]]
MAX_PEER_INTENSITY = 1e12
"""Largest trail intensity accepted from a peer (own trails stay far below it)."""


def evaporate(trails: dict[Edge, float], dt: float, rate: float) -> None:
    """Decay every trail by ``exp(−rate·dt)`` in place; drop trails below 1e-3."""
    if rate <= 0 or dt <= 0 or not trails:
        return
    f = math.exp(-rate * dt)
    for k, v in list(trails.items()):
        v *= f
        if v < 1e-3:
            del trails[k]
        else:
            trails[k] = v


def deposit(trails: dict[Edge, float], edge: Edge, amount: float, diffusion: float = 0.0) -> None:
    """Add ``amount`` to ``edge`` (clamped at 0); a ``diffusion`` share goes to its siblings."""
    siblings = [k for k in trails if k[0] == edge[0] and k != edge] if diffusion > 0 else []
    own = amount * (1.0 - diffusion) if siblings else amount
    trails[edge] = max(0.0, trails.get(edge, 0.0) + own)
    for k in siblings:
        trails[k] = max(0.0, trails[k] + amount * diffusion / len(siblings))


def merge(trails: dict[Edge, float], peer: dict[Edge, float], weight: float) -> None:
    """Blend a peer's trails in: ``τ ← (1−w)τ + w·τ_peer`` on the union of edges."""
    if weight <= 0:
        return
    # Known edges in their order, then the peer's new ones in its order: iterating a set of
    # (goal, steps) keys would order them by string hash, which differs between processes
    # (PYTHONHASHSEED), and every later sum over the trails with it.
    for k, v in trails.items():
        trails[k] = (1.0 - weight) * v + weight * peer.get(k, 0.0)
    for k, v in peer.items():
        if k not in trails:
            trails[k] = weight * v  # the blend with an absent (0.0) own trail


def update_reputation(rep: float, outcome: float, rate: float = 0.1) -> float:
    """Move a peer's reputation toward the observed ``outcome`` in [0, 1]."""
    return rep + rate * (outcome - rep)


def valid(trails: object) -> bool:
    """Whether a peer's trails are ``{(goal, steps): intensity in [0, 1e12)}`` of sane size."""
    if not isinstance(trails, dict) or len(trails) > 1_000:
        return False
    for key, value in trails.items():
        if not (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], str)):
            return False
        if not isinstance(key[1], tuple) or not all(isinstance(k, int) for k in key[1]):
            return False
        # Bounded like the cortex tables: an intensity near the float limit overflowed the
        # plan weights (w ** (1/T)) and crashed the next plan choice.
        if not isinstance(value, float) or not 0.0 <= value < MAX_PEER_INTENSITY:
            return False
    return True
