"""Test hook: a runner that fails on purpose for one parameter value.

A sweep names it with ``runner: tests.unit.experiments.runners:fail_at_price_666``.
"""

from __future__ import annotations

from colony_sim.experiments.runners import run_colony

FAILING_PRICE = 666


def fail_at_price_666(config, record_agents):
    if config.economy.price == FAILING_PRICE:
        raise RuntimeError(f"deliberate failure at economy.price={FAILING_PRICE}")
    return run_colony(config, record_agents)


def returns_nothing(config, record_agents):
    return {}


def crash_at_price_666(config, record_agents):
    """Kills the worker process outright (as a segfault or the OOM killer would)."""
    import os

    if config.economy.price == FAILING_PRICE:
        os._exit(3)
    return run_colony(config, record_agents)


def slow_colony(config, record_agents):
    """A colony run that takes at least 0.5 s, so a test can interrupt a sweep midway.

    16 runs on 2 workers then last >= 4 s: a loaded machine that notices a third of them
    done still has seconds to send its signal before the sweep ends by itself.
    """
    import time

    time.sleep(0.5)
    return run_colony(config, record_agents)


def extra_column_at_price_666(config, record_agents):
    """Runs of one point report one more metric, as float instead of int (schema drift)."""
    tables = run_colony(config, record_agents)
    if config.economy.price == FAILING_PRICE:
        tables["colony"]["extra"] = 1.5
        tables["colony"]["births"] = tables["colony"]["births"].astype(float)
    return tables
