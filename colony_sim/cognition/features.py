"""Encoding of plan steps as the predictor's input features.

Each step of a plan becomes a row of ``N_FEATURES`` floats:

===========  ==============================================================
columns      meaning
===========  ==============================================================
0–8          one-hot step kind (``colony_sim.sim.body.STEP_KINDS`` order)
9            a ``read_file`` comes earlier in the plan
10           a ``check`` or ``test_cartridge`` comes earlier in the plan
11           position in the plan, 0 (first) to 1 (last)
12           the agent's recent success rate (exponential moving average)
13           ln(code quality)
14           ln(1 + cycles) / 10
15           constant 1 (bias)
16           endpoints served / most endpoints allowed
===========  ==============================================================
"""

from __future__ import annotations

import math

import numpy as np

from colony_sim.sim.body import KIND, STEP_KINDS

N_KINDS = len(STEP_KINDS)
N_FEATURES = N_KINDS + 8
_READ = KIND["read_file"]
_CHECKS = (KIND["check"], KIND["test_cartridge"])


_STATIC: dict[tuple[int, ...], np.ndarray] = {}


def _static_rows(kinds: tuple[int, ...]) -> np.ndarray:
    rows = _STATIC.get(kinds)
    if rows is None:
        n = len(kinds)
        rows = np.zeros((n, N_FEATURES), np.float32)
        rows[np.arange(n), kinds] = 1.0
        read = checked = 0.0
        for i, k in enumerate(kinds):
            rows[i, N_KINDS] = read
            rows[i, N_KINDS + 1] = checked
            if k == _READ:
                read = 1.0
            elif k in _CHECKS:
                checked = 1.0
        rows[:, N_KINDS + 2] = np.arange(n) / max(n - 1, 1)
        rows[:, N_KINDS + 6] = 1.0
        rows.flags.writeable = False
        _STATIC[kinds] = rows
    return rows


def encode_plan(
    kinds: tuple[int, ...],
    success_rate: float,
    quality: float,
    cycles: int,
    endpoint_share: float = 0.0,
) -> np.ndarray:
    """Feature rows ``(len(kinds), N_FEATURES)`` float32 for a plan's steps."""
    x = _static_rows(kinds).copy()
    x[:, N_KINDS + 3] = success_rate
    x[:, N_KINDS + 4] = math.log(quality)
    x[:, N_KINDS + 5] = math.log1p(cycles) / 10.0
    x[:, N_KINDS + 7] = endpoint_share
    return x
