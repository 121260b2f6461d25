"""Runners: the function a sweep calls to execute one config.

A runner takes ``(config, record_agents)`` and returns a mapping of table name to a
DataFrame; the ``"colony"`` table is required, ``"agents"`` optional. A sweep names its
runner as ``module:function`` so that worker processes and Dask workers can import it.
"""

from __future__ import annotations

import pandas as pd

from colony_sim.config import ColonyConfig


def run_colony(config: ColonyConfig, record_agents: bool) -> dict[str, pd.DataFrame]:
    """Run a :class:`~colony_sim.engine.Colony` and return its tidy tables.

    Args:
        config: The run's full config (its seed included).
        record_agents: Also return the agent rows.

    Returns:
        ``{"colony": rows}`` and, if asked, ``"agents"``.
    """
    from colony_sim.engine import Colony

    colony = Colony(config).run()
    tables = {"colony": colony.colony_frame()}
    if record_agents:
        tables["agents"] = colony.agents_frame()
    return tables
