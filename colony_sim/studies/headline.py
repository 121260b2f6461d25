"""The headline experiment: does colony IQ rise, does federation pay, who survives?

Three questions, each answered over a list of seeds with 95 % confidence intervals:

1. **Colony IQ over time** — mean measured IQ of the living agents of a federated,
   breeding colony (``iq_mean`` of the colony rows, once at least half of the living
   agents have been measured: :data:`MIN_MEASURED`). In the simulation an agent's IQ is
   set by its latent skill, so the colony's IQ can only rise through selection: fitter
   agents clone (with mutated skills), poor ones die.
2. **Federated colony vs isolated agents vs one agent with the colony's total budget**
   (:func:`colony_sim.studies.cognition.federation_arms`; the big agent does not breed):
   colony IQ, task success, brain accuracy and population over time.
3. **Survival as a function of price and compute cost** — the share of founders' lineages
   still alive at the end, on a grid of request prices × compute-cost multipliers.

Runs are independent and spread over worker processes; every result row carries its
``arm`` and ``seed``, so any number can be recomputed from the seed list alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from colony_sim.config import CognitionConfig, ColonyConfig, EconomyConfig, make_config
from colony_sim.studies.cognition import federation_arms
from colony_sim.studies.stats import ci95

SERIES = [
    "iq_mean",
    "iq_measured",
    "task_success",
    "accuracy",
    "population",
    "fitness_mean",
    "births",
    "deaths",
]

MIN_MEASURED = 0.5
"""Colony IQ counts once this share of the living agents has taken the benchmark: before,
it is the mean of the few measured first, who are not a random sample of the colony
(they reached their first benchmark cycle soonest)."""


@dataclass(frozen=True)
class HeadlineSettings:
    """Sizes of the headline experiment (defaults: ≤ 10 minutes on 2 cores).

    Attributes:
        seeds: Root seeds; every arm and grid cell runs each.
        agents: Founders per colony (the one big agent gets their combined budget).
        until: Simulated seconds per arm run.
        grid_agents: Founders per survival-grid run.
        grid_until: Simulated seconds per survival-grid run.
        grid_balance: Founders' balance in the survival grid (units; small, so some die).
        prices: Request prices of the survival grid (atomic units).
        cost_factors: Multipliers of think and step costs in the survival grid.
        workers: Worker processes.
        base: Extra config fields for every run (dotted names allowed).
    """

    seeds: tuple[int, ...] = tuple(range(20))
    agents: int = 16
    until: float = 8 * 3600.0
    grid_agents: int = 6
    grid_until: float = 6 * 3600.0
    grid_balance: int = 60_000
    prices: tuple[int, ...] = (250, 1_000, 4_000)
    cost_factors: tuple[float, ...] = (0.5, 1.0, 3.0)
    workers: int = 2
    base: dict[str, Any] = field(default_factory=dict)


def base_config(settings: HeadlineSettings) -> ColonyConfig:
    """The breeding colony every arm starts from."""
    config = ColonyConfig(
        agents=settings.agents,
        until=settings.until,
        sample_period=900.0,
        agent_sample_every=4,
        economy=EconomyConfig(
            initial_balance=600_000,
            birth_threshold=800_000,
            child_endowment=200_000,
            clone_price=100_000,
        ),
        cognition=CognitionConfig(bench_period=10),
        max_agents=8 * settings.agents,
    )
    return config.with_overrides(**settings.base) if settings.base else config


def grid_configs(settings: HeadlineSettings) -> dict[tuple[int, float], ColonyConfig]:
    """Survival-grid configs keyed by (price, cost factor)."""
    base = base_config(settings).with_overrides(
        agents=settings.grid_agents,
        until=settings.grid_until,
        max_agents=8 * settings.grid_agents,
        **{"economy.initial_balance": settings.grid_balance},
    )
    econ = base.economy
    return {
        (price, k): base.with_overrides(
            **{
                "economy.price": price,
                "economy.think_cost": int(econ.think_cost * k),
                "economy.step_cost": int(econ.step_cost * k),
            }
        )
        for price in settings.prices
        for k in settings.cost_factors
    }


def _run(job: tuple[str, dict[str, Any], int, bool]) -> dict[str, Any]:
    """One colony run (in a worker): colony rows, and lineage and wealth if asked."""
    from colony_sim.engine import Colony

    label, data, seed, details = job
    config = make_config(data).with_overrides(seed=seed)
    colony = Colony(config).run()
    frame = colony.colony_frame()
    out: dict[str, Any] = {"label": label, "seed": seed, "rows": frame}
    everyone = [*colony.agents.values(), *colony.dead]
    by_id = {a.state.agent_id: a.state for a in everyone}
    founders_alive = len({_founder(a.state, by_id) for a in colony.agents.values()})
    out["lineages_alive"] = founders_alive / config.agents
    if details:
        out["lineage"] = pd.DataFrame(
            [
                {
                    "agent_id": a.state.agent_id,
                    "parent": a.state.parent or "",
                    "generation": a.state.generation,
                    "born_at": a.state.born_at,
                    "died_at": a.state.died_at,
                    "fitness": a.state.fitness,
                    "phase": a.state.phase,
                }
                for a in everyone
            ]
        )
        out["wealth"] = pd.DataFrame(
            {"balance": [colony.ledger.balance_of(a.state.address) for a in everyone]}
        )
    return out


def _founder(state: Any, by_id: dict[str, Any]) -> str:
    while state.parent is not None:
        state = by_id[state.parent]
    return state.agent_id


def run_headline(
    settings: HeadlineSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run the whole experiment.

    Returns:
        ``series`` (colony rows with ``arm``), ``grid`` (one row per price × cost × seed
        with ``lineages_alive``), ``lineage`` and ``wealth`` of the federated arm's first
        seed, ``summary`` (means and 95 % CIs) and ``seconds`` of wall time.
    """
    settings = settings or HeadlineSettings()
    started = time.perf_counter()
    arms = federation_arms(base_config(settings))
    # One agent means one: with the colony's whole budget it would otherwise breed at once.
    arms["one big agent"] = arms["one big agent"].with_overrides(**{"economy.birth_threshold": 0})
    jobs = [
        (f"arm:{name}", cfg.model_dump(), seed, name == "federated" and seed == settings.seeds[0])
        for name, cfg in arms.items()
        for seed in settings.seeds
    ]
    jobs += [
        (f"grid:{price}:{k}", cfg.model_dump(), seed, False)
        for (price, k), cfg in grid_configs(settings).items()
        for seed in settings.seeds
    ]
    results = []
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        for i, res in enumerate(pool.map(_run, jobs, chunksize=1)):
            results.append(res)
            if progress is not None:
                progress(i + 1, len(jobs))
    series, grid, details = [], [], {}
    for res in results:
        kind, _, rest = res["label"].partition(":")
        if kind == "arm":
            rows = res["rows"][["seed", "time", *[c for c in SERIES if c in res["rows"]]]]
            early = rows["iq_measured"] < MIN_MEASURED
            rows = rows.assign(iq_mean=rows["iq_mean"].mask(early), arm=rest)
            series.append(rows)
            if "lineage" in res:
                details = {"lineage": res["lineage"], "wealth": res["wealth"]}
        else:
            price, k = rest.split(":")
            grid.append(
                {
                    "price": int(price),
                    "cost_factor": float(k),
                    "seed": res["seed"],
                    "lineages_alive": res["lineages_alive"],
                }
            )
    out = {"series": pd.concat(series, ignore_index=True), "grid": pd.DataFrame(grid), **details}
    out["summary"] = summarise(out["series"], out["grid"])
    out["seconds"] = time.perf_counter() - started
    return out


def summarise(series: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """Headline numbers with 95 % CIs over seeds.

    Rows: per arm, final colony IQ (last sample), IQ gain (last quarter minus first
    quarter of the run, per seed), final task success and population; per grid cell,
    the share of founders' lineages alive.
    """
    rows = []
    t_max = series["time"].max()
    for arm, frame in series.groupby("arm"):
        early = frame[frame["time"] <= 0.25 * t_max].groupby("seed")["iq_mean"].mean()
        late = frame[frame["time"] >= 0.75 * t_max].groupby("seed")["iq_mean"].mean()
        gain = (late - early).rename("iq_gain").reset_index().assign(arm=arm)
        final = frame[frame["time"] == t_max]
        for metric, data in (
            ("iq_gain", gain),
            ("iq_final", final.rename(columns={"iq_mean": "iq_final"})),
            ("task_success", final),
            ("population", final),
        ):
            r = ci95(data, ["arm"], metric).iloc[0].to_dict()
            rows.append({"what": metric, **r})
    if len(grid):
        cells = ci95(grid, ["price", "cost_factor"], "lineages_alive")
        for r in cells.to_dict("records"):
            arm = f"price {r.pop('price')}, cost x{r.pop('cost_factor'):g}"
            rows.append({"what": "lineages_alive", "arm": arm, **r})
    return pd.DataFrame(rows)[["what", "arm", "mean", "half", "low", "high", "n"]]
