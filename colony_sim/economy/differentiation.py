"""Differentiation of clones: how far agents drift apart, and what each specialises in.

* **weight distance** — root-mean-square difference of two brains' parameters (same
  shapes), in weight units: 0 for a fresh clone without mutation.
* **profile distance** — mean absolute difference of two capability profiles (per step
  kind success estimates in [0, 1]).
* **spread** — mean distance of each profile to the colony's mean profile.
* **niche** — the step kind an agent is relatively best at (its profile minus the
  colony's mean profile, argmax over kinds), and how specialised it is
  (``1 − H(p)/ln K`` of its normalised profile; 0 = a generalist).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np


def weight_distance(a: Mapping[str, np.ndarray], b: Mapping[str, np.ndarray]) -> float:
    """RMS difference of two parameter sets with the same names and shapes."""
    sq = sum(float(np.square(a[k].astype(np.float64) - b[k]).sum()) for k in a)
    n = sum(a[k].size for k in a)
    return math.sqrt(sq / n) if n else 0.0


def profile_distance(a: Sequence[float], b: Sequence[float]) -> float:
    """Mean absolute difference of two capability profiles."""
    return float(np.mean(np.abs(np.asarray(a) - np.asarray(b))))


def spread(profiles: Sequence[Sequence[float]]) -> float:
    """Mean distance of each profile to the mean profile (NaN for no agents)."""
    if not profiles:
        return math.nan
    arr = np.asarray(profiles, dtype=float)
    return float(np.mean(np.abs(arr - arr.mean(axis=0)).mean(axis=1)))


def niche(profile: Sequence[float], colony_mean: Sequence[float], kinds: Sequence[int]) -> int:
    """The kind (among ``kinds``) where the agent most exceeds the colony's mean."""
    gap = [profile[k] - colony_mean[k] for k in kinds]
    return kinds[int(np.argmax(gap))]


def specialisation(profile: Sequence[float]) -> float:
    """``1 − H(p)/ln K`` of the normalised profile (0 = even, → 1 = one kind)."""
    p = np.asarray(profile, dtype=float)
    if p.sum() <= 0 or len(p) < 2:
        return 0.0
    p = p / p.sum()
    h = -float(np.sum(p[p > 0] * np.log(p[p > 0])))
    return 1.0 - h / math.log(len(p))
