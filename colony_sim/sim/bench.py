"""Simulated benchmark: a skill-versus-difficulty model of the six-tier problem set.

A problem of tier ``t`` is passed with probability ``sigmoid(skill + 2.5 − 0.9·t)``,
where ``skill`` is the agent's latent coding skill. Problems are sampled by tier weight
and scored with the tier weights 1, 2, 3, 4, 5, 8; the weighted pass rate maps to IQ
through the seed's anchors 0 % → 85, 50 % → 115, 100 % → 150 (piecewise linear).
"""

from __future__ import annotations

import numpy as np

from colony_sim.benchmark.iq import iq_from_pass_rate
from colony_sim.benchmark.problemset import TIER_WEIGHTS as _WEIGHTS
from colony_sim.ports import Outcome
from colony_sim.sim.body import KIND, SimBody

TIER_WEIGHTS = np.array([float(_WEIGHTS[t]) for t in sorted(_WEIGHTS)])
_EDIT, _BENCH = KIND["edit_code"], KIND["benchmark"]

__all__ = ["TIER_WEIGHTS", "SimBench", "iq_from_pass_rate"]


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
