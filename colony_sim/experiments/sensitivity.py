"""Sobol sensitivity indices of a sweep (optional: needs ``SALib``).

A design of ``kind: sobol`` with ``samples: N`` lays out the ``N * (D + 2)`` points of
a Saltelli design over its ``D`` parameters (first-order and total indices, no
second-order terms); :func:`sobol_indices` reads the finished sweep back and estimates,
for one metric at the end of the runs (averaged over replicate seeds), each parameter's
first-order index ``S1`` and total index ``ST`` with bootstrap confidence intervals.
``N`` should be a power of two.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from colony_sim.errors import ColonyError, ConfigError


def _salib() -> tuple[object, object]:
    try:
        from SALib.analyze import sobol as analyze
        from SALib.sample import sobol as sample
    except ImportError:
        raise ConfigError("design.kind", "sobol designs need SALib: pip install SALib") from None
    return sample, analyze


def _problem(d: int) -> dict[str, object]:
    return {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}


def saltelli_unit(n: int, d: int, seed: int) -> np.ndarray:
    """Saltelli points in the unit cube: shape ``(n * (d + 2), d)``, row order as SALib's."""
    sample, _ = _salib()
    return sample.sample(_problem(d), n, calc_second_order=False, seed=seed)  # type: ignore[attr-defined]


def sobol_indices(path: str | Path, metric: str, confidence: float = 0.95) -> pd.DataFrame:
    """First-order and total Sobol indices of ``metric`` at the end of the runs.

    Args:
        path: Directory of a finished sweep of ``kind: sobol``.
        metric: Colony column to explain (its last value per run, mean over seeds).
        confidence: Level of the bootstrap intervals.

    Returns:
        One row per parameter: ``parameter, S1, S1_conf, ST, ST_conf``.

    Raises:
        ColonyError: if the sweep is not a Sobol design or some runs are missing.
    """
    from colony_sim.experiments.analysis import final_rows, load_results
    from colony_sim.experiments.design import make_sweep

    _, analyze = _salib()
    sweep = make_sweep(json.loads((Path(path) / "sweep.json").read_text()))
    if sweep.spec.design.kind != "sobol":
        raise ColonyError(f"design.kind: {path} is a {sweep.spec.design.kind} design, not sobol")
    last = final_rows(load_results(path, columns=["run_id", "time", metric]))
    value = dict(zip(last["run_id"], last[metric], strict=True))
    by_point: dict[int, list[str]] = {}
    for run in sweep.runs:
        by_point.setdefault(run.point, []).append(run.run_id)
    missing = [r for ids in by_point.values() for r in ids if r not in value]
    if missing:
        raise ColonyError(f"runs: {len(missing)} runs of {path} are not finished (resume it)")
    y = np.array([np.mean([value[r] for r in by_point[p]]) for p in sweep.point_of], float)
    if np.isnan(y).any():
        raise ColonyError(f"{metric}: NaN at the end of some runs; pick another metric")
    d = len(sweep.columns)
    result = analyze.analyze(  # type: ignore[attr-defined]
        _problem(d), y, calc_second_order=False, conf_level=confidence,
        seed=sweep.spec.seeds.root,
    )
    return pd.DataFrame({
        "parameter": list(sweep.columns),
        "S1": result["S1"], "S1_conf": result["S1_conf"],
        "ST": result["ST"], "ST_conf": result["ST_conf"],
    })
