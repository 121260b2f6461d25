"""Seed aggregation: means with 95 % confidence intervals (Student t)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from colony_sim.experiments.analysis import t_quantile


def t975(dof: int) -> float:
    """The Student-t quantile for a 95 % two-sided interval with ``dof`` degrees of freedom."""
    return t_quantile(0.975, max(int(dof), 1))


def ci95(frame: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """Mean, 95 % CI half-width, lower and upper bound of ``value`` over seeds.

    Args:
        frame: Tidy rows with a ``seed`` column.
        by: Grouping columns (e.g. ``["arm", "time"]``); each group's rows are seeds.
        value: Column to aggregate (NaNs are ignored).

    Returns:
        One row per group with ``mean``, ``half``, ``low``, ``high`` and ``n``.
    """
    g = frame.groupby(by)[value]
    out = g.agg(["mean", "std", "count"]).rename(columns={"count": "n"})
    dof = (out["n"] - 1).clip(lower=1)
    quantile = np.array([t975(int(d)) for d in dof])
    out["half"] = np.where(out["n"] > 1, quantile * out["std"] / np.sqrt(out["n"]), np.nan)
    out["low"] = out["mean"] - out["half"]
    out["high"] = out["mean"] + out["half"]
    return out.drop(columns="std").reset_index()
