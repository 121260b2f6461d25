"""Figures of the headline experiment a reader can judge at a glance."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from colony_sim.studies.stats import ci95  # noqa: E402


def bands(ax: Any, series: pd.DataFrame, value: str, title: str) -> None:
    """Mean over seeds with a 95 % CI band, one line per arm, time in hours."""
    stats = ci95(series, ["arm", "time"], value)
    for arm, s in stats.groupby("arm"):
        hours = s["time"] / 3600.0
        ax.plot(hours, s["mean"], label=arm)
        ax.fill_between(hours, s["low"], s["high"], alpha=0.25)
    ax.set_title(title)
    ax.set_xlabel("hours")


def lineage_tree(ax: Any, lineage: pd.DataFrame) -> None:
    """Every agent at (birth time, row); a line to its parent; dead agents grey."""
    lin = lineage.sort_values(["born_at", "agent_id"]).reset_index(drop=True)
    row = {a: i for i, a in enumerate(lin["agent_id"])}
    end = float(np.nanmax([lin["born_at"].max(), lin["died_at"].max()])) + 1.0
    for r in lin.itertuples():
        stop = r.died_at if r.died_at == r.died_at and r.died_at is not None else end
        color = "0.7" if r.died_at == r.died_at and r.died_at is not None else "C0"
        y = row[r.agent_id]
        ax.plot([r.born_at / 3600, stop / 3600], [y, y], color=color, lw=1)
        if r.parent:
            ax.plot([r.born_at / 3600] * 2, [row[r.parent], y], color="C1", lw=0.6)
    ax.set_title("lineage (lines: lives; orange: births)")
    ax.set_xlabel("hours")
    ax.set_yticks([])


def survival_map(ax: Any, grid: pd.DataFrame) -> None:
    """Mean share of founders' lineages alive, price × compute cost."""
    table = grid.groupby(["cost_factor", "price"])["lineages_alive"].mean().unstack()
    im = ax.imshow(table.values, origin="lower", cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(len(table.columns)), [str(c) for c in table.columns])
    ax.set_yticks(range(len(table.index)), [f"x{c:g}" for c in table.index])
    for (i, j), v in np.ndenumerate(table.values):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", color="w")
    ax.set_xlabel("price per request (units)")
    ax.set_ylabel("compute cost")
    ax.set_title("lineages alive at the end")
    plt.colorbar(im, ax=ax, fraction=0.046)


def headline_figure(result: dict[str, Any]) -> Any:
    """Six panels: IQ, task success, population with bands; lineage; wealth; survival."""
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
    series = result["series"]
    bands(axes[0, 0], series, "iq_mean", "colony IQ (mean of living agents)")
    axes[0, 0].legend(fontsize=8)
    bands(axes[0, 1], series, "task_success", "task success")
    bands(axes[0, 2], series, "population", "population")
    if "lineage" in result:
        lineage_tree(axes[1, 0], result["lineage"])
        axes[1, 1].hist(result["wealth"]["balance"] / 1e6, bins=30, color="C2")
        axes[1, 1].set_title("wealth at the end (pathUSD, federated, seed 0)")
    if len(result["grid"]):
        survival_map(axes[1, 2], result["grid"])
    fig.tight_layout()
    return fig
