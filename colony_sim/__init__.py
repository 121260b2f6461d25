"""Colony lab, simulation half: colonies of self-funding software agents on SimPy.

The front door::

    from colony_sim import Colony, ColonyConfig
    colony = Colony(ColonyConfig(agents=50, until=6 * 3600, seed=1)).run()
    colony.colony_frame()      # tidy rows: run_id, seed, time, population, F, ...

Nothing happens at import: public names load on first use.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from colony_sim.agent import Agent, AgentState
    from colony_sim.config import CognitionConfig, ColonyConfig, EconomyConfig, load_config
    from colony_sim.engine import Colony
    from colony_sim.errors import (
        CheckpointError,
        ColonyError,
        ConfigError,
        InsufficientFunds,
        NotSupported,
        PaymentError,
    )
    from colony_sim.metrics import gini
    from colony_sim.model import Model
    from colony_sim.types import UNIT, AgentId, TokenAmount, format_tokens, tokens

_HOME = {
    "Agent": "agent",
    "AgentState": "agent",
    "CognitionConfig": "config",
    "ColonyConfig": "config",
    "EconomyConfig": "config",
    "load_config": "config",
    "Colony": "engine",
    "CheckpointError": "errors",
    "ColonyError": "errors",
    "ConfigError": "errors",
    "InsufficientFunds": "errors",
    "NotSupported": "errors",
    "PaymentError": "errors",
    "gini": "metrics",
    "Model": "model",
    "UNIT": "types",
    "AgentId": "types",
    "TokenAmount": "types",
    "format_tokens": "types",
    "tokens": "types",
}


def __getattr__(name: str) -> Any:
    """Load public names on first use, so importing the package stays cheap."""
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'colony_sim' has no attribute {name!r}")
    value = getattr(import_module(f"colony_sim.{module}"), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "UNIT",
    "Agent",
    "AgentId",
    "AgentState",
    "CheckpointError",
    "CognitionConfig",
    "Colony",
    "ColonyConfig",
    "ColonyError",
    "ConfigError",
    "EconomyConfig",
    "InsufficientFunds",
    "Model",
    "NotSupported",
    "PaymentError",
    "TokenAmount",
    "format_tokens",
    "gini",
    "load_config",
    "tokens",
]
