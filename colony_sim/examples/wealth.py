"""The Boltzmann wealth-exchange model on the colony engine.

Every agent starts with one unit of money. Once per period (each at its own random
phase), an agent that has money gives one unit to an agent chosen at random. Money is
conserved, yet inequality emerges: the Gini coefficient climbs from 0 to about 0.6.

    >>> from colony_sim.examples.wealth import WealthModel
    >>> WealthModel(agents=100, seed=1).run(until=50).frame().tail(1)  # doctest: +SKIP
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from colony_sim.metrics import gini
from colony_sim.model import Model


class WealthModel(Model):
    """Agents that each give away one unit per period to a random agent.

    Args:
        agents: Number of agents.
        seed: Root seed.
    """

    def __init__(self, agents: int = 1000, seed: int = 0) -> None:
        super().__init__(seed=seed, sample_period=1.0)
        self.wealth = [1] * agents
        for i in range(agents):
            rng = self.stream(i)
            self.add_process(partial(self.give, i, rng), first_wake=rng.random())
        self.start_sampling()

    def give(self, i: int, rng: np.random.Generator) -> float:
        """Agent ``i`` gives one unit away if it has one; it acts again in one period."""
        wealth = self.wealth
        if wealth[i] > 0:
            wealth[i] -= 1
            wealth[int(rng.random() * len(wealth))] += 1
        return self.now + 1.0

    def observe(self) -> dict[str, Any]:
        """Gini coefficient and total money (which never changes)."""
        return {"gini": gini(np.array(self.wealth)), "money": sum(self.wealth)}


def mean_gini(agents: int = 1000, periods: int = 200, seeds: range = range(5)) -> float:
    """Gini after ``periods`` periods, averaged over ``seeds``."""
    return float(
        np.mean([WealthModel(agents, s).run(until=periods).frame()["gini"].iloc[-1] for s in seeds])
    )
