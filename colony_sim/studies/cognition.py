"""Does federation pay? Federated colony vs isolated agents vs one big agent, and poisoning.

* ``federated`` — N agents that gossip their cognitive state every few cycles;
* ``isolated`` — the same N agents, never sharing (federation and peer calls off);
* ``one big agent`` — a single agent with the colony's total compute: it thinks N times
  as often (``cycle_period / N``), has an N-times wider brain (capped at 256 hidden units),
  and starts with the colony's whole balance.

The poisoning study runs a colony where some founders publish corrupted brain weights,
merged plainly (``fedavg``) or robustly (``median``), beside a clean colony.
"""

from __future__ import annotations

import pandas as pd

from colony_sim.config import ColonyConfig
from colony_sim.engine import Colony

METRICS = ["task_success", "accuracy", "F", "brier", "population"]


def federation_arms(base: ColonyConfig) -> dict[str, ColonyConfig]:
    """The three arms of the federation study, from a base config."""
    n = base.agents
    cog = base.cognition
    return {
        "federated": base,
        "isolated": base.with_overrides(
            **{"cognition.federation": False, "cognition.share_period": 0}
        ),
        "one big agent": base.with_overrides(
            agents=1,
            cycle_period=base.cycle_period / n,
            **{
                "cognition.hidden": min(256, cog.hidden * n),
                "cognition.federation": False,
                "cognition.share_period": 0,
                "economy.initial_balance": base.economy.initial_balance * n,
            },
        ),
    }


def poisoning_arms(base: ColonyConfig, poisoned: int) -> dict[str, ColonyConfig]:
    """Clean colony, and ``poisoned`` corrupt founders merged plainly or robustly."""
    return {
        "clean": base.with_overrides(**{"cognition.merge_rule": "median"}),
        "poisoned, plain average": base.with_overrides(**{"cognition.poisoned": poisoned}),
        "poisoned, robust median": base.with_overrides(
            **{"cognition.poisoned": poisoned, "cognition.merge_rule": "median"}
        ),
    }


def run_arms(arms: dict[str, ColonyConfig], seeds: list[int]) -> pd.DataFrame:
    """Run every arm for every seed; colony rows with an ``arm`` column."""
    frames = []
    for name, config in arms.items():
        for seed in seeds:
            frame = Colony(config.with_overrides(seed=seed)).run().colony_frame()
            frames.append(frame[["seed", "time", *METRICS]].assign(arm=name))
    return pd.concat(frames, ignore_index=True)
