"""Federation: merging peers' cognitive state, as pure functions over weight arrays.

Every merge rule takes the local array and a list of peer arrays (same shape) and
returns the merged array; nothing is modified in place. Updates are validated first:
NaN/Inf, wrong shape, wrong dtype or absurd magnitude (``|w| > MAX_ABS``) are refused
with a reason, never averaged in.

* :func:`fedavg` — ``(1 − r)·local + r·Σ wᵢ·peerᵢ / Σ wᵢ`` (fitness-weighted average);
* :func:`median` — coordinate-wise median of local and peers, blended at rate ``r``;
* :func:`trimmed_mean` — coordinate-wise mean after dropping the ``trim`` share of the
  largest and smallest values, blended at rate ``r``.

The two robust rules first drop peers that sit implausibly far from the local weights:
``‖peer − local‖ > MAX_DISTANCE_RATIO · max(‖local‖, ε)`` (independent random
initialisations are ≈1.4× apart, so honest peers pass; a poisoned one rarely does).
A coordinate-wise median alone fails once half of a small sample is poisoned.

Poisoned agents (experiments, ``cognition.poisoned``) publish :func:`byzantine` weights:
Gaussian noise of scale 20 in every tensor (the "Gaussian attack" of the Byzantine-robust
learning literature). It passes validation (finite, right shape, below ``MAX_ABS``). At
scale 5 a colony of online learners repairs the damage between merges (plain averaging
then loses only 2–3 points of accuracy); at 20 plain averaging loses about 12 points with
4 poisoners in 20, while the robust rules drop the outliers.

Influence follows the seed: ``weight = clamp(peer_fitness / max(own, 0.01), 0.1, 2.0)``;
``rate = clamp(0.2 · mean weight, 0.02, 0.4)``.
"""

from __future__ import annotations

import math

import numpy as np

MAX_ABS = 1e3
MAX_DISTANCE_RATIO = 3.0


def near(local: np.ndarray, peers: list[np.ndarray]) -> list[np.ndarray]:
    """The peers within ``MAX_DISTANCE_RATIO`` of ``local`` (relative L2 distance)."""
    scale = max(float(np.linalg.norm(local)), 1e-6)
    return [p for p in peers if float(np.linalg.norm(p - local)) <= MAX_DISTANCE_RATIO * scale]


def byzantine(
    weights: dict[str, np.ndarray], rng: np.random.Generator, scale: float = 20.0
) -> dict[str, np.ndarray]:
    """A poisoned offer: ``N(0, scale²)`` noise shaped like ``weights`` (same dtypes)."""
    return {k: (scale * rng.standard_normal(v.shape)).astype(v.dtype) for k, v in weights.items()}


def validate(local: np.ndarray, update: object) -> str | None:
    """Reason to refuse a peer's ``update`` for ``local``, or ``None`` if acceptable."""
    if not isinstance(update, np.ndarray):
        return f"not an array ({type(update).__name__})"
    if update.shape != local.shape:
        return f"shape {update.shape} != {local.shape}"
    if update.dtype != local.dtype:
        return f"dtype {update.dtype} != {local.dtype}"
    peak = float(np.abs(update).max(initial=0.0))  # NaN if any is NaN, inf if any is ±inf
    if not math.isfinite(peak):
        return "contains NaN or Inf"
    if peak > MAX_ABS:
        return f"magnitude above {MAX_ABS:g}"
    return None


def influence(peer_fitness: float, own_fitness: float) -> float:
    """A peer's weight relative to self (fitter peers count up to 2×)."""
    return min(2.0, max(0.1, peer_fitness / max(own_fitness, 0.01)))


def merge_rate(weights: list[float]) -> float:
    """Blend rate for a merge with peers of the given weights."""
    if not weights:
        return 0.0
    # np.mean's own sum and division, without its Python-level wrapper.
    mean = float(np.add.reduce(np.asarray(weights, dtype=np.float64)) / len(weights))
    return min(0.4, max(0.02, 0.2 * mean))


def fedavg(
    local: np.ndarray, peers: list[np.ndarray], weights: list[float], rate: float
) -> np.ndarray:
    """Fitness-weighted average of the peers, blended into ``local`` at ``rate``."""
    if not peers:
        return local.copy()
    w = np.asarray(weights, dtype=np.float64)
    # The weighted sum over peers as the (1, k) @ (k, size) product np.tensordot would
    # compute, without its Python-level reshaping.
    stack = np.array(peers).reshape(len(peers), -1)
    mean = np.dot((w / w.sum())[None, :], stack).reshape(local.shape).astype(local.dtype)
    return ((1.0 - rate) * local + rate * mean).astype(local.dtype)


def median(
    local: np.ndarray, peers: list[np.ndarray], weights: list[float], rate: float
) -> np.ndarray:
    """Coordinate-wise median of local and nearby peers, blended at ``rate`` (robust)."""
    peers = near(local, peers)
    if not peers:
        return local.copy()
    med = np.median(np.stack([local, *peers]), axis=0)
    return ((1.0 - rate) * local + rate * med).astype(local.dtype)


def trimmed_mean(
    local: np.ndarray, peers: list[np.ndarray], weights: list[float], rate: float, trim: float = 0.2
) -> np.ndarray:
    """Coordinate-wise trimmed mean of local and nearby peers, blended at ``rate`` (robust)."""
    peers = near(local, peers)
    if not peers:
        return local.copy()
    stack = np.sort(np.stack([local, *peers]), axis=0)
    # At least one value is cut from each end once there are three or more.
    cut = max(int(trim * len(stack)), 1 if len(stack) >= 3 else 0)
    kept = stack[cut : len(stack) - cut] if len(stack) - 2 * cut > 0 else stack
    return ((1.0 - rate) * local + rate * kept.mean(axis=0)).astype(local.dtype)


RULES = {"fedavg": fedavg, "median": median, "trimmed_mean": trimmed_mean}
