"""The one-page picture of a run: F(t), wealth, population, money flows."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from colony_sim.types import UNIT  # noqa: E402


def plot_report(colony: pd.DataFrame, title: str = "Colony run") -> Figure:
    """Four panels from colony rows: F(t), wealth (mean and Gini), population, flows.

    Args:
        colony: Colony rows (``Colony.colony_frame()``); several seeds are drawn as a
            mean line with a min–max band.
        title: Figure title.

    Returns:
        The matplotlib figure (not shown, not saved).
    """
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), constrained_layout=True)
    hours = colony["time"] / 3600.0
    df = colony.assign(hours=hours, wealth=colony["wealth_mean"] / UNIT)
    by = df.groupby("hours")

    def band(ax, col: str, label: str, color: str | None = None) -> None:
        stats = by[col].agg(["mean", "min", "max"])
        (line,) = ax.plot(stats.index, stats["mean"], label=label, color=color)
        if df["seed"].nunique() > 1:
            ax.fill_between(
                stats.index, stats["min"], stats["max"], alpha=0.2, color=line.get_color()
            )

    ax = axes[0, 0]
    band(ax, "F", "F(t)")
    ax.set(title="Free energy (mean surprise per step)", xlabel="time (h)", ylabel="nats / step")
    ax = axes[0, 1]
    band(ax, "wealth", "mean balance")
    ax.set(title="Wealth", xlabel="time (h)", ylabel="mean balance (tokens)")
    twin = ax.twinx()
    band(twin, "wealth_gini", "Gini", color="tab:red")
    twin.set_ylabel("Gini coefficient", color="tab:red")
    twin.set_ylim(0, 1)
    ax = axes[1, 0]
    band(ax, "population", "population")
    births = by["births"].mean().cumsum()
    deaths = by["deaths"].mean().cumsum()
    ax.plot(births.index, births, ls="--", label="births (cumulative)")
    ax.plot(deaths.index, deaths, ls=":", label="deaths (cumulative)")
    ax.set(title="Population", xlabel="time (h)", ylabel="agents")
    ax.legend(loc="best", fontsize=8)
    ax = axes[1, 1]
    period_h = float(hours.diff().dropna().iloc[0]) if len(hours) > 1 else 1.0
    for col, label in (("revenue", "revenue"), ("costs", "compute costs")):
        rate = by[col].mean() / UNIT / period_h
        ax.plot(rate.index, rate, label=label)
    ax.set(title="Money flows", xlabel="time (h)", ylabel="tokens / hour")
    ax.legend(loc="best", fontsize=8)
    fig.suptitle(title)
    return fig


def save_report(colony: pd.DataFrame, path: str | Path, title: str = "Colony run") -> Path:
    """Draw :func:`plot_report` and write it as a PNG."""
    fig = plot_report(colony, title)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return Path(path)
