"""Colony-level statistics as pure functions."""

from __future__ import annotations

import numpy as np


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative ``values`` (0 = equal, → 1 = one holds all).

    Uses the sorted-rank formula ``G = Σ(2i − n − 1)·x_i / (n·Σx)`` with ``i`` from 1.
    Returns NaN for an empty array and 0 when everything is zero.
    """
    x = np.sort(np.asarray(values, dtype=np.float64))
    n = len(x)
    if n == 0:
        return float("nan")
    total = x.sum()
    if total == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(((2 * ranks - n - 1) * x).sum() / (n * total))
