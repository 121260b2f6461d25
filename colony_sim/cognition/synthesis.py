"""Synthesis: metacognition, imagination and a self-model.

* Metacognition — calibration of the agent's own brain: predictions are binned into 10
  bins of ``p``; each bin keeps ``(Σp, Σy, n)``. The expected calibration error
  ``ECE = Σ n_b/N · |mean p_b − mean y_b|`` says how far the brain's confidence is from
  its hit rate.
* Imagination — before executing a plan, roll it through the cortex: the chance that
  every step succeeds is ``Π p_cortex``. A plan imagined below a threshold is set aside
  and another is drawn.
* Self-model — a capability profile: an exponential moving average of success per step
  kind; it predicts the agent's own success (and is scored like every predictor).

``calib`` is a flat list ``[Σp, Σy, n] × 10 bins``; ``profile`` a list of ``n_kinds``
floats in [0, 1] (plain lists: they are touched on every step).
"""

from __future__ import annotations

import math

import numpy as np

from colony_sim.cognition.features import N_KINDS

BINS = 10


def new_calibration() -> list[float]:
    """Empty calibration table: Σp, Σy, n for each of 10 bins."""
    return [0.0] * (3 * BINS)


def record(calib: list[float], p: list[float], y: list[float]) -> None:
    """Add predictions and outcomes to the calibration table in place."""
    for pi, yi in zip(p, y, strict=True):
        b = 3 * min(BINS - 1, int(pi * BINS))
        calib[b] += pi
        calib[b + 1] += yi
        calib[b + 2] += 1.0


def ece(calib: list[float]) -> float:
    """Expected calibration error in [0, 1] (NaN before any prediction)."""
    table = np.asarray(calib).reshape(BINS, 3)
    n = table[:, 2].sum()
    if n == 0:
        return math.nan
    return float(np.abs(table[:, 0] - table[:, 1]).sum() / n)


def imagine(p_steps: list[float]) -> float:
    """Imagined chance that a whole plan succeeds: the product of its steps' chances."""
    out = 1.0
    for p in p_steps:
        out *= p
    return out


def new_profile() -> list[float]:
    """Neutral capability profile (0.5 everywhere)."""
    return [0.5] * N_KINDS


def update_profile(
    profile: list[float], kinds: list[int], y: list[float], rate: float = 0.05
) -> None:
    """Move the profile toward observed outcomes in place."""
    for k, o in zip(kinds, y, strict=True):
        profile[k] += rate * (o - profile[k])
