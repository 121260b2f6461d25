"""Reading a sweep back: DataFrames, DuckDB queries, seed aggregates, heatmaps.

Every helper takes the sweep directory (``<out>/<sweep-name>``) or a frame read from
it. Rows are tidy: ``run_id, seed, time``, the metrics, then one column per swept
parameter (dots become underscores: ``economy.price`` -> ``economy_price``) and the
``point`` and ``replicate`` indices.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from colony_sim.errors import ColonyError

TABLES = {"colony": "runs", "agents": "agents"}


def load_results(
    path: str | Path, table: str = "colony", columns: list[str] | None = None
) -> pd.DataFrame:
    """Load a sweep's finished runs as one DataFrame, sorted by ``run_id`` and ``time``.

    Args:
        path: The sweep directory.
        table: ``"colony"`` (one row per sample) or ``"agents"`` (if recorded).
        columns: Only these columns (default: all).

    Raises:
        ColonyError: if the directory holds no such table.
    """
    import pyarrow as pa
    import pyarrow.dataset as ds

    directory = _table_dir(path, table)
    dataset = ds.dataset(directory, format="parquet", partitioning=None)
    # Runs may differ in columns or integer/float types (custom runners): unify them.
    schemas = {f.physical_schema for f in dataset.get_fragments()}
    if len(schemas) > 1:
        unified = pa.unify_schemas(list(schemas), promote_options="permissive")
        dataset = ds.dataset(directory, format="parquet", partitioning=None, schema=unified)
    frame = dataset.to_table(columns=columns).to_pandas()
    keys = [k for k in ("run_id", "time", "agent_id") if k in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True) if keys else frame


def connect(path: str | Path) -> Any:
    """A DuckDB connection with views ``colony``, ``agents`` and ``failures`` of a sweep.

    Example:
        >>> con = connect("data/sweeps/price-x-sharing")          # doctest: +SKIP
        >>> con.sql("SELECT economy_price, avg(population) FROM colony "
        ...         "GROUP BY ALL").df()                           # doctest: +SKIP
    """
    try:
        import duckdb
    except ImportError:  # pragma: no cover - depends on the install
        raise ColonyError("duckdb is needed for queries: pip install duckdb") from None
    root = Path(path)
    con = duckdb.connect()
    for view, sub in TABLES.items():
        if any((root / sub).glob("run=*/part-*.parquet")):
            glob = str(root / sub / "run=*" / "part-*.parquet").replace("'", "''")
            con.execute(
                f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{glob}', "
                "hive_partitioning=false, union_by_name=true)"
            )
    if any((root / "failed").glob("run=*.json")):
        glob = str(root / "failed" / "run=*.json").replace("'", "''")
        con.execute(f"CREATE VIEW failures AS SELECT * FROM read_json_auto('{glob}')")
    return con


def query(path: str | Path, sql: str) -> pd.DataFrame:
    """Run ``sql`` against a sweep's views (see :func:`connect`); returns a DataFrame."""
    con = connect(path)
    try:
        return con.sql(sql).df()
    finally:
        con.close()


def manifest(path: str | Path) -> dict[str, Any]:
    """The sweep's ``manifest.json`` as a dict."""
    return json.loads((Path(path) / "manifest.json").read_text())


def final_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The last row of each run (its state at the end)."""
    idx = frame.groupby("run_id", sort=True)["time"].idxmax()
    return frame.loc[idx].reset_index(drop=True)


def aggregate(
    frame: pd.DataFrame,
    by: list[str],
    metrics: list[str],
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Mean over seeds with a Student-t confidence interval, per group.

    Args:
        frame: Rows of a sweep (e.g. :func:`final_rows` or all samples).
        by: Grouping columns, e.g. the parameter columns (add ``"time"`` for curves).
        metrics: Columns to summarize.
        confidence: Two-sided level of the interval.

    Returns:
        One row per group: ``by``, ``n``, then ``<m>_mean``, ``<m>_std``, ``<m>_lo``,
        ``<m>_hi`` for each metric (NaN values are left out). A group with fewer than two
        values has no interval: its ``lo`` and ``hi`` are NaN (as in
        :func:`colony_sim.studies.stats.ci95`), not a zero-width band.
    """
    if not 0 < confidence < 1:
        raise ColonyError(f"confidence: must be in (0, 1), got {confidence}")
    grouped = frame.groupby(by, sort=True, dropna=False)
    out = grouped.size().rename("n").to_frame()
    for m in metrics:
        stats = grouped[m].agg(["mean", "std", "count"])
        t = stats["count"].map(
            lambda n: t_quantile(0.5 + confidence / 2, int(n) - 1) if n > 1 else np.nan
        )
        half = t * stats["std"] / np.sqrt(stats["count"].clip(lower=1))
        out[f"{m}_mean"] = stats["mean"]
        out[f"{m}_std"] = stats["std"]
        out[f"{m}_lo"] = stats["mean"] - half
        out[f"{m}_hi"] = stats["mean"] + half
    return out.reset_index()


@functools.lru_cache(maxsize=1024)
def t_quantile(p: float, df: int) -> float:
    """Quantile of Student's t (exact to ~1e-9 by integrating the density).

    Args:
        p: Probability in (0.5, 1).
        df: Degrees of freedom (>= 1).
    """
    if df < 1 or not 0.5 <= p < 1:
        raise ColonyError(f"t_quantile: need df >= 1 and 0.5 <= p < 1, got {df}, {p}")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)

    def upper_half_mass(t: float) -> float:  # P(0 < T < t), Simpson's rule
        x = np.linspace(0.0, t, 2001)
        f = np.exp(log_c - (df + 1) / 2 * np.log1p(x * x / df))
        h = t / 2000
        return float(h / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum()))

    lo, hi = 0.0, 1.0
    while upper_half_mass(hi) < p - 0.5:
        hi *= 2
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if upper_half_mass(mid) < p - 0.5 else (lo, mid)
    return (lo + hi) / 2


def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    value: str,
    *,
    agg: str = "mean",
    ax: Any = None,
    cmap: str = "viridis",
    annotate: bool = True,
) -> Any:
    """Draw ``value`` over a 2-D grid of parameters ``x`` and ``y`` (aggregated over seeds).

    Args:
        frame: Rows with columns ``x``, ``y`` and ``value`` (e.g. :func:`final_rows`).
        x: Column on the horizontal axis.
        y: Column on the vertical axis.
        value: Column to colour by.
        agg: Pandas aggregation over the rows of a cell (``"mean"``, ``"median"``...).
        ax: Matplotlib axes to draw on (default: a new figure).
        cmap: Colormap name.
        annotate: Write each cell's value in it.

    Returns:
        The matplotlib axes.
    """
    import matplotlib.pyplot as plt

    grid = frame.pivot_table(index=y, columns=x, values=value, aggfunc=agg).sort_index()
    grid = grid.sort_index(axis=1)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 + 0.9 * grid.shape[1], 1.0 + 0.6 * grid.shape[0]))
    image = ax.imshow(grid.to_numpy(float), origin="lower", aspect="auto", cmap=cmap)
    ax.set_xticks(range(grid.shape[1]), [f"{v:g}" for v in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"{v:g}" for v in grid.index])
    ax.set(xlabel=x, ylabel=y, title=f"{value} ({agg} over seeds)")
    ax.figure.colorbar(image, ax=ax, label=value)
    if annotate:
        mid = np.nanmean(grid.to_numpy(float))
        for (i, j), v in np.ndenumerate(grid.to_numpy(float)):
            if not np.isnan(v):
                ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=8,
                        color="black" if v > mid else "white")
    return ax


def bands(
    frame: pd.DataFrame,
    metric: str,
    hue: str,
    *,
    x: str = "time",
    confidence: float = 0.95,
    ax: Any = None,
) -> Any:
    """Mean of ``metric`` over seeds against ``x``, one line per ``hue`` value, with CI bands.

    Args:
        frame: Sweep rows (all samples, or a subset of the points).
        metric: Column on the vertical axis.
        hue: Parameter column that picks the line.
        x: Column on the horizontal axis (default ``time``, drawn in hours).
        confidence: Level of the Student-t band.
        ax: Matplotlib axes to draw on (default: a new figure).

    Returns:
        The matplotlib axes.
    """
    import matplotlib.pyplot as plt

    stats = aggregate(frame, [hue, x], [metric], confidence)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    scale = 3600.0 if x == "time" else 1.0
    for value, group in stats.groupby(hue, sort=True):
        xs = group[x] / scale
        (line,) = ax.plot(xs, group[f"{metric}_mean"], label=f"{hue}={value:g}")
        ax.fill_between(xs, group[f"{metric}_lo"], group[f"{metric}_hi"], alpha=0.2,
                        color=line.get_color(), linewidth=0)
    ax.set(xlabel="time (h)" if x == "time" else x, ylabel=metric,
           title=f"{metric}: mean over seeds, {confidence:.0%} CI")
    ax.legend(fontsize=8)
    return ax


def _table_dir(path: str | Path, table: str) -> Path:
    if table not in TABLES:
        raise ColonyError(f"table: unknown table {table!r} (choose from {list(TABLES)})")
    directory = Path(path) / TABLES[table]
    if not directory.is_dir() or not any(directory.glob("run=*/part-*.parquet")):
        raise ColonyError(f"table: no finished {table} runs in {path}")
    return directory
