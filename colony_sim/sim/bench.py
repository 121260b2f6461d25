"""Simulated benchmark: a skill-versus-difficulty model of the six-tier problem set.

A problem of tier ``t`` is passed with probability ``sigmoid(skill + 2.5 − 0.9·t)``,
where ``skill`` is the agent's latent coding skill. Problems are sampled by tier weight
and scored with the tier weights 1, 2, 3, 4, 5, 8; the weighted pass rate maps to IQ
through the seed's anchors 0 % → 85, 50 % → 115, 100 % → 150 (piecewise linear).
"""

from __future__ import annotations

import numpy as np

from colony_sim.ports import Outcome
from colony_sim.sim.body import KIND, SimBody

TIER_WEIGHTS = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 8.0])
_EDIT, _BENCH = KIND["edit_code"], KIND["benchmark"]


def iq_from_pass_rate(p: float) -> float:
    """Map a weighted pass rate in [0, 1] to IQ through (0, 85), (0.5, 115), (1, 150)."""
    return float(np.interp(p, [0.0, 0.5, 1.0], [85.0, 115.0, 150.0]))


class SimBench:
    """Bench port over a :class:`SimBody`."""

    def __init__(self, body: SimBody) -> None:
        self.body = body

    def run(self, n_problems: int) -> Outcome:
        """Attempt ``n_problems`` problems, one per tier in turn; value = IQ estimate."""
        b = self.body
        tiers = np.arange(n_problems) % 6 + 1
        passed = np.array([b.chance(b.skill[_EDIT] + 2.5 - 0.9 * t) for t in tiers])
        weights = TIER_WEIGHTS[tiers - 1]
        rate = float(weights[passed].sum() / weights.sum()) if n_problems else 0.0
        return Outcome(True, None, b.duration(_BENCH), iq_from_pass_rate(rate))
