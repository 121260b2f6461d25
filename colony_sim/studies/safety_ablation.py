"""Safety ablation: switch one layer off and measure the failure it exists to prevent.

Each entry of :data:`ABLATIONS` names a layer, the failure metric (higher = worse), and
any setting needed for the failure to be reachable (e.g. the destruction guard is the
second line behind the pre-commit check, so its ablation also drops that check in both
arms). Both arms of a layer share every other setting and the seeds (common random
numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from colony_sim.config import ColonyConfig
from colony_sim.engine import Colony


def _everyone(c: Colony) -> list[Any]:
    return [*c.agents.values(), *c.dead]


def _body_sum(name: str) -> Callable[[Colony], float]:
    return lambda c: float(sum(getattr(a.ports.workspace.body, name) for a in c.agents.values()))


def _damages(c: Colony) -> float:
    return float(sum(a.state.damages for a in _everyone(c)))


def _foreign(c: Colony) -> float:
    return float(sum(a.state.foreign_commits for a in _everyone(c)))


def _brier(c: Colony) -> float:
    return float(c.colony_frame()["brier"].iloc[-4:].mean())


ABLATIONS: dict[str, tuple[str, Callable[[Colony], float], dict[str, Any]]] = {
    "protected_files": ("commits that changed a protected file", _body_sum("protected_writes"), {}),
    "plan_validation": (
        "commits of bad changes (edits made without reading)",
        _body_sum("bad_commits"),
        {"safety.precommit": False},
    ),
    "brain_gate": (
        "risky steps that failed (damage)",
        _damages,
        {"safety.precommit": False, "cognition.gate_threshold": 0.4},
    ),
    "precommit": ("commits of bad changes", _body_sum("bad_commits"), {}),
    "destruction_guard": (
        "files lobotomised (< 30 % of their size)",
        _body_sum("lobotomies"),
        {"safety.precommit": False, "safety.plan_validation": False},
    ),
    "self_repair": (
        "brain Brier score, last hour (3 poisoned founders, plain averaging)",
        _brier,
        {"cognition.poisoned": 3},
    ),
    "branch_isolation": ("commits on another agent's branch", _foreign, {}),
}
"""layer → (failure metric, how to measure it on a finished colony, extra settings)."""


def base(agents: int = 12, hours: float = 4.0) -> ColonyConfig:
    """A breeding colony where every failure above can happen within a few hours."""
    return ColonyConfig(
        agents=agents,
        until=hours * 3600.0,
        sample_period=900.0,
        economy={
            "initial_balance": 600_000,
            "birth_threshold": 700_000,
            "child_endowment": 150_000,
            "clone_price": 100_000,
        },
        cognition={"gate_min_steps": 50},
        dynamics={"spawn_min_cycles": 5},
    )


def run_ablation(
    config: ColonyConfig, seeds: list[int], layers: list[str] | None = None
) -> pd.DataFrame:
    """Rows ``layer, metric, seed, on, off``: the failure metric with the layer on / off."""
    rows = []
    for layer in layers or list(ABLATIONS):
        metric, measure, extra = ABLATIONS[layer]
        cfg = config.with_overrides(**extra) if extra else config
        for seed in seeds:
            values = {}
            for state in (True, False):
                colony = Colony(cfg.with_overrides(seed=seed, **{f"safety.{layer}": state}))
                values["on" if state else "off"] = measure(colony.run())
            rows.append({"layer": layer, "metric": metric, "seed": seed, **values})
    return pd.DataFrame(rows)
