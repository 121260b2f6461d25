"""Seed aggregation: means with 95 % confidence intervals (Student t)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t975(dof: int) -> float:
    """The t quantile for a 95 % two-sided interval (1.96 beyond 30 dof)."""
    return _T975[dof - 1] if 1 <= dof <= len(_T975) else 1.96


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
