"""Item-response parameters of the problems, fitted from recorded ``colony bench`` runs.

Each problem ``i`` has a discrimination ``a_i`` and a difficulty ``b_i``; an agent of
latent skill ``θ`` passes it with probability ``sigmoid(a_i·(θ − b_i))``. The
shipped ``item_params.json`` holds the simulation's tier prior (``a = 1``,
``b = 0.9·tier − 2.5``, the curve :class:`colony_sim.sim.bench.SimBench` uses)
until it is refitted.

Recalibrate after recording live runs (LLM or ``dir:`` coders; validation coders
are ignored)::

    python -m colony_sim.benchmark.calibration data/bench/*/results.parquet

This fits a Rasch model (``a = 1``) by penalised maximum likelihood, one skill per
run and one difficulty per problem, each difficulty pulled toward its tier prior
by a Gaussian penalty of scale 1 so that problems seen in few runs stay sensible,
and rewrites ``item_params.json``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

PARAMS_PATH = Path(__file__).resolve().parent / "item_params.json"


@dataclass(frozen=True)
class ItemParams:
    """Discrimination ``a`` and difficulty ``b`` of one problem."""

    slug: str
    tier: int
    a: float
    b: float


def prior_difficulty(tier: int) -> float:
    """Tier prior of the difficulty, matching the simulation's curve."""
    return 0.9 * tier - 2.5


def pass_probability(skill: float, item: ItemParams) -> float:
    """``sigmoid(a·(skill − b))``."""
    return float(1.0 / (1.0 + np.exp(-item.a * (skill - item.b))))


def fit_rasch(run_ids: Sequence[str], slugs: Sequence[str], tiers: Sequence[int],
              passed: Sequence[bool], *, steps: int = 2000,
              rate: float = 0.5) -> tuple[list[ItemParams], dict[str, float]]:
    """Penalised Rasch fit by gradient ascent.

    Args:
        run_ids: Run of each observation, shape (n,).
        slugs: Problem of each observation, shape (n,).
        tiers: Tier of each observation, shape (n,).
        passed: Outcome of each observation, shape (n,).
        steps: Gradient steps.
        rate: Step size.

    Returns:
        Item parameters (sorted by tier, slug) and each run's skill.
    """
    runs = sorted(set(run_ids))
    items = sorted(set(zip(slugs, tiers, strict=True)), key=lambda s: (s[1], s[0]))
    r_index = {r: i for i, r in enumerate(runs)}
    i_index = {s: i for i, (s, _) in enumerate(items)}
    r = np.array([r_index[x] for x in run_ids])
    i = np.array([i_index[x] for x in slugs])
    y = np.asarray(passed, float)
    prior = np.array([prior_difficulty(t) for _, t in items])
    theta, b = np.zeros(len(runs)), prior.copy()
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(theta[r] - b[i])))
        resid = y - p
        g_theta = np.bincount(r, resid, len(runs)) - theta * 0.1
        g_b = -np.bincount(i, resid, len(items)) - (b - prior)
        counts_r = np.bincount(r, minlength=len(runs)) + 1.0
        counts_i = np.bincount(i, minlength=len(items)) + 1.0
        theta += rate * g_theta / counts_r
        b += rate * g_b / counts_i
    params = [ItemParams(s, t, 1.0, round(float(bi), 4)) for (s, t), bi in zip(items, b,
                                                                                 strict=True)]
    return params, {run: float(th) for run, th in zip(runs, theta, strict=True)}


def save_params(params: Sequence[ItemParams], path: Path = PARAMS_PATH) -> None:
    """Write parameters as JSON."""
    path.write_text(json.dumps([asdict(p) for p in params], indent=1) + "\n", encoding="utf-8")


def load_params(path: Path = PARAMS_PATH) -> list[ItemParams]:
    """Read parameters written by :func:`save_params`."""
    return [ItemParams(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


def main(argv: Sequence[str] | None = None) -> int:
    """Refit ``item_params.json`` from results Parquet files given as arguments."""
    import pandas as pd

    files = list(argv if argv is not None else sys.argv[1:])
    if not files:
        sys.stderr.write("usage: python -m colony_sim.benchmark.calibration RESULTS.parquet...\n")
        return 2
    frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    frame = frame[~frame["validation"] & (frame["reason"] != "coder_error")]
    if frame.empty:
        sys.stderr.write("no live rows (validation coders and API errors are ignored)\n")
        return 2
    params, skills = fit_rasch(frame["run_id"].tolist(), frame["slug"].tolist(),
                               frame["tier"].tolist(), frame["passed"].tolist())
    known = {p.slug: p for p in load_params()}
    known.update({p.slug: p for p in params})
    save_params(sorted(known.values(), key=lambda p: (p.tier, p.slug)))
    sys.stdout.write(f"fitted {len(params)} problems from {len(skills)} runs -> {PARAMS_PATH}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
