"""Parameter sweeps: designs as data, any executor, one Parquet partition per run.

The front door::

    from colony_sim.experiments import load_sweep, run_sweep, load_results
    sweep = load_sweep("colony_sim/experiments/examples/price_x_sharing.yaml")
    report = run_sweep(sweep, "data/sweeps", executor="process")
    frame = load_results(report.root)          # run_id, seed, time, metrics, parameters

or ``colony sweep SWEEP.yaml --executor dask``. See :mod:`.design` for the format,
:mod:`.store` for the layout on disk and :mod:`.analysis` for the helpers. Names load
on first use, so importing this package (as the CLI does) costs nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "RunSpec": "design",
    "Sweep": "design",
    "SweepSpec": "design",
    "load_sweep": "design",
    "make_sweep": "design",
    "replicate_seeds": "design",
    "SweepReport": "sweep",
    "run_sweep": "sweep",
    "aggregate": "analysis",
    "bands": "analysis",
    "connect": "analysis",
    "final_rows": "analysis",
    "heatmap": "analysis",
    "load_results": "analysis",
    "manifest": "analysis",
    "query": "analysis",
    "sobol_indices": "sensitivity",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
    return getattr(module, name)
