"""Colony lab, simulation half: colonies of self-funding software agents on SimPy.

The front door::

    from colony_sim import Colony, ColonyConfig
    colony = Colony(ColonyConfig(agents=50, until=6 * 3600, seed=1)).run()
    colony.colony_frame()      # tidy rows: run_id, seed, time, population, F, ...

Nothing happens at import; heavy parts (plots, the CLI) load on use.
"""

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
from colony_sim.types import UNIT, AgentId, TokenAmount, format_tokens, tokens

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
    "NotSupported",
    "PaymentError",
    "TokenAmount",
    "format_tokens",
    "gini",
    "load_config",
    "tokens",
]
