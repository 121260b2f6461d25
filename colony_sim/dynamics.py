"""Colony dynamics glue: measuring every agent's fitness, and mutating a newborn.

The maths is in :mod:`colony_sim.economy.fitness`; this module gathers the measured
quantities from the agents' state (plain data) and writes the result back into
``AgentState.fitness`` so that a resumed run sees exactly the same values.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np

from colony_sim.cognition import genesis, synthesis
from colony_sim.economy import fitness

if TYPE_CHECKING:
    from colony_sim.agent import Agent
    from colony_sim.cognition.mind import MindState
    from colony_sim.config import DynamicsConfig

_GOALS = ("improve", "build")


def components(agent: Agent, peer_reputations: list[float]) -> tuple[float, ...]:
    """The five fitness components of ``agent`` (order of :data:`fitness.COMPONENTS`)."""
    s, m = agent.state, agent.state.mind
    best = [max((genesis.fitness(t) for t in m.pool if t.goal == g), default=0.0) for g in _GOALS]
    calib_ece = synthesis.ece(m.calib) if agent.config.cognition.synthesis else math.nan
    return (
        fitness.execution(s.achieved, s.plans),
        fitness.coordination(peer_reputations, s.exchanges_ok, s.exchanges),
        fitness.prediction(s.brier, s.scored_steps),
        fitness.evolution(best, s.cycles),
        fitness.introspection(calib_ece, s.scored_steps if math.isfinite(calib_ece) else 0),
    )


def weights(dyn: DynamicsConfig) -> tuple[float, ...]:
    """The configured component weights, in :data:`fitness.COMPONENTS` order."""
    return tuple(getattr(dyn, f"w_{name}") for name in fitness.COMPONENTS)


def measure_fitness(alive: list[Agent], dyn: DynamicsConfig) -> list[float]:
    """Measure and store every living agent's fitness; returns them in order.

    Coordination needs what *other* agents think of each agent: the reputations they
    hold for it (updated from outcomes of the templates they learnt from it).
    """
    held: dict[str, list[float]] = defaultdict(list)
    for a in alive:
        for peer, rep in a.state.mind.reputation.items():
            held[peer].append(rep)
    w = weights(dyn)
    out = []
    for a in alive:
        a.state.fitness = fitness.combine(components(a, held.get(a.state.agent_id, [])), w)
        out.append(a.state.fitness)
    return out


def mutate_child(
    predictor: Any, slot: int, mind: MindState, dyn: DynamicsConfig, rng: np.random.Generator
) -> None:
    """Mutate a newborn's inherited brain weights and trails in place.

    Weights get Gaussian noise of s.d. ``weight_mutation``; every trail is multiplied by
    ``exp(trail_mutation · N(0, 1))`` (log-normal, so trails stay ≥ 0).
    """
    if dyn.weight_mutation > 0:
        w = predictor.export_weights(slot)
        if w is not None:
            noisy = {
                k: (v + dyn.weight_mutation * rng.standard_normal(v.shape)).astype(v.dtype)
                for k, v in w.items()
            }
            predictor.import_weights(slot, noisy)
    if dyn.trail_mutation > 0 and mind.trails:
        factors = np.exp(dyn.trail_mutation * rng.standard_normal(len(mind.trails)))
        for key, f in zip(list(mind.trails), factors.tolist(), strict=True):
            mind.trails[key] *= f
