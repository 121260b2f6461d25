"""Simulated benchmark: the problem set's item-response model, sampled as a partial run.

Problem ``i`` has a discrimination ``a_i`` and a difficulty ``b_i``
(:mod:`colony_sim.benchmark.calibration`, ``item_params.json``); an agent of latent
coding skill ``θ`` (its ``edit_code`` skill) passes it with probability
``sigmoid(a_i·(θ − b_i))``. The shipped parameters are the tier prior ``a = 1``,
``b = 0.9·t − 2.5``, i.e. ``sigmoid(θ + 2.5 − 0.9·t)`` for every problem of tier
``t``, until they are refitted from recorded runs.

A run of ``n`` problems is drawn and scored as ``colony bench --sample n`` draws and
scores a live one (:mod:`colony_sim.benchmark.iq`): :func:`~colony_sim.benchmark.iq.allocate`
splits ``n`` over the tiers in proportion to ``w_t·N_t`` (weights 1, 2, 3, 4, 5, 8;
at least one problem per tier), problems are drawn without replacement inside each
tier, and :func:`~colony_sim.benchmark.iq.estimate` gives the unbiased
(Horvitz–Thompson) weighted pass rate, its interval and the IQ through the anchors
0 % → 85, 50 % → 115, 100 % → 150. Simulated and live IQs are therefore one scale.
Every draw (which problem, pass or fail, duration) comes from the agent's world
stream, so a run is reproducible from its seed.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from colony_sim.benchmark.calibration import PARAMS_PATH, ItemParams, load_params
from colony_sim.benchmark.iq import IQEstimate, TierTally, allocate, estimate, iq_from_pass_rate
from colony_sim.benchmark.problemset import TIER_WEIGHTS as _WEIGHTS
from colony_sim.errors import ConfigError
from colony_sim.ports import Outcome
from colony_sim.sim.body import KIND, SimBody

TIER_WEIGHTS = np.array([float(_WEIGHTS[t]) for t in sorted(_WEIGHTS)])
_EDIT, _BENCH = KIND["edit_code"], KIND["benchmark"]

__all__ = ["TIER_WEIGHTS", "SimBench", "iq_from_pass_rate"]

Tiers = Mapping[int, tuple[ItemParams, ...]]
"""Item parameters grouped by tier, each tier in slug order."""

ItemSource = Sequence[ItemParams] | Tiers | str | Path | None
"""Item parameters: a list, tiers (:func:`load_tiers`), a JSON file, or ``None`` for the
shipped file."""


def by_tier(items: Sequence[ItemParams]) -> dict[int, tuple[ItemParams, ...]]:
    """Group ``items`` by tier, each tier in slug order.

    Raises:
        ConfigError: If ``items`` is empty or a slug appears twice.
    """
    if not items:
        raise ConfigError("items", "no item parameters: give at least one problem")
    slugs = [item.slug for item in items]
    if len(set(slugs)) < len(slugs):
        raise ConfigError("items", "a slug appears twice")
    ordered = sorted(items, key=lambda p: (p.tier, p.slug))
    return {t: tuple(p for p in ordered if p.tier == t) for t in sorted({p.tier for p in items})}


@functools.cache
def shipped_digest() -> str:
    """SHA-256 of the shipped ``item_params.json`` (part of every run id), read once."""
    return hashlib.sha256(PARAMS_PATH.read_bytes()).hexdigest()


@functools.cache
def _shipped() -> Tiers:
    """The shipped parameters, read once per process (never at import)."""
    return by_tier(load_params())


def load_tiers(path: str | Path | None = None) -> Tiers:
    """Item parameters of ``path`` (``None``: the shipped file), grouped by tier.

    Raises:
        ConfigError: Naming the field, if the file cannot be read or is malformed.
    """
    return _shipped() if path is None else by_tier(load_params(Path(path)))


def items_digest(path: str | Path | None = None) -> str:
    """SHA-256 of the item-parameter file a run draws from (``None``: the shipped one).

    Raises:
        ConfigError: If the file cannot be read.
    """
    if path is None:
        return shipped_digest()
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise ConfigError("bench_items", f"cannot read {path}: {exc.strerror}") from None


class SimBench:
    """Bench port over a :class:`SimBody`.

    Args:
        body: The agent's hidden state; its world stream supplies every draw.
        items: Item parameters: a list, tiers from :func:`load_tiers` (shared, so a
            colony reads its file once), or a JSON file written by
            :func:`~colony_sim.benchmark.calibration.save_params`; ``None`` uses the
            shipped ``item_params.json``.

    Attributes:
        tiers: The items of each tier, in slug order (shared, never mutated).
        sizes: Problems per tier, the population a sample is drawn from.
        last: The estimate of the latest run (``None`` before the first).
    """

    def __init__(self, body: SimBody, items: ItemSource = None) -> None:
        self.body = body
        self.tiers: Tiers
        if items is None or isinstance(items, str | Path):
            self.tiers = load_tiers(items)
        elif isinstance(items, Mapping):
            self.tiers = items
        else:
            self.tiers = by_tier(items)
        self.sizes = {t: len(pool) for t, pool in self.tiers.items()}
        self.last: IQEstimate | None = None

    def run(self, n_problems: int) -> Outcome:
        """Attempt a tier-weighted sample of ``n_problems``; value = the IQ estimate.

        Raises:
            ValueError: If ``n_problems`` is not positive or cannot give every tier
                one problem (as for a live partial run).
        """
        if n_problems <= 0:
            raise ValueError("n_problems: must be positive")
        body = self.body
        skill = body.skill[_EDIT]
        tallies = []
        for tier, k in allocate(self.sizes, n_problems).items():
            pool = list(self.tiers[tier])
            passed = 0
            for j in range(k):  # partial Fisher–Yates: k distinct problems of the tier
                pick = j + int(body.uniform() * (len(pool) - j))
                pool[j], pool[pick] = pool[pick], pool[j]
                item = pool[j]
                passed += body.chance(item.a * (skill - item.b))
            tallies.append(TierTally(tier, len(pool), k, passed))
        self.last = estimate(tallies)
        return Outcome(True, None, body.duration(_BENCH), self.last.iq)
