"""Item-response parameters of the problems, fitted from recorded ``colony bench`` runs.

Each problem ``i`` has a discrimination ``a_i`` and a difficulty ``b_i``; an agent of
latent skill ``θ`` passes it with probability ``sigmoid(a_i·(θ − b_i))``.
:class:`colony_sim.sim.bench.SimBench` draws the simulated agents' passes from these
parameters, so a simulated IQ and a live one sit on one scale. The shipped
``item_params.json`` (inside the package, so an installed wheel has it) holds the tier
prior ``a = 1``, ``b = 0.9·tier − 2.5`` until it is refitted.

Recalibrate after recording live runs (LLM or ``dir:`` coders)::

    python -m colony_sim.benchmark.calibration data/bench/*/results.parquet

writes ``data/bench/item_params.json`` (``--out FILE`` elsewhere; the installed package
is never modified unless ``--out`` names its file); point a run at it with the config
field ``bench_items``.

This fits a Rasch model (``a = 1``) by penalised maximum likelihood, one skill per
run and one difficulty per problem, each difficulty pulled toward its tier prior
by a Gaussian penalty of scale 1 so that problems seen in few runs stay sensible.
Problems no run attempted keep the values already in the output file (the shipped
file's when the output does not exist yet).

Validation coders (``reference``, ``empty``, ``mutant``) and API errors are left
out unless ``--include-validation`` is given. Included, they only anchor the scale:
``reference`` passes and ``empty`` fails every problem, so they say nothing about
which problem is harder; ``mutant`` passes the first ``7 − tier`` problems of each
tier *by slug*, so the spread it puts inside a tier is its design, not difficulty.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from colony_sim.benchmark.problemset import TIER_WEIGHTS
from colony_sim.errors import ConfigError

PARAMS_PATH = Path(__file__).resolve().parent / "item_params.json"
DEFAULT_OUT = Path("data/bench/item_params.json")
"""Where a refit goes by default: beside the runs, never into the installed package."""


@dataclass(frozen=True)
class ItemParams:
    """Discrimination ``a`` and difficulty ``b`` of one problem.

    Raises:
        ConfigError: Naming the field, if ``slug`` is empty, ``tier`` is not 1-6, or
            ``a`` or ``b`` is not a finite number, or ``a`` is not positive.
    """

    slug: str
    tier: int
    a: float
    b: float

    def __post_init__(self) -> None:
        if not isinstance(self.slug, str) or not self.slug:
            raise ConfigError("slug", f"must be a non-empty string (got {self.slug!r})")
        if (isinstance(self.tier, bool) or not isinstance(self.tier, int)
                or self.tier not in TIER_WEIGHTS):
            raise ConfigError("tier", f"must be one of 1-6 (got {self.tier!r})")
        for name in ("a", "b"):
            value = getattr(self, name)
            if (isinstance(value, bool) or not isinstance(value, int | float)
                    or not math.isfinite(value)):
                raise ConfigError(name, f"must be a finite number (got {value!r})")
        if self.a <= 0:
            raise ConfigError("a", f"discrimination must be positive (got {self.a!r})")


_FIELDS = tuple(f.name for f in fields(ItemParams))


def prior_difficulty(tier: int) -> float:
    """Tier prior of the difficulty, the simulation's curve before any fit."""
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
    items = sorted(set(zip(slugs, map(int, tiers), strict=True)), key=lambda s: (s[1], s[0]))
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
    """Read and validate parameters written by :func:`save_params`.

    Raises:
        ConfigError: Naming the file, the item and the field, for an unreadable file,
            text that is not JSON, a missing or unknown field, a tier outside 1-6, a
            non-finite ``a`` or ``b``, ``a ≤ 0``, a repeated slug or an empty list.
    """
    name = Path(path).name
    try:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(name, f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(name, f"not valid UTF-8 JSON ({exc})") from None
    if not isinstance(rows, list) or not rows:
        raise ConfigError(name, "must be a non-empty JSON list of {slug, tier, a, b} objects")
    params, seen = [], set()
    for index, row in enumerate(rows):
        where = f"{name}[{index}]"
        if not isinstance(row, dict):
            raise ConfigError(where, "must be an object with fields slug, tier, a, b")
        for field in _FIELDS:
            if field not in row:
                raise ConfigError(f"{where}.{field}", "missing")
        unknown = sorted(set(row) - set(_FIELDS))
        if unknown:
            raise ConfigError(f"{where}.{unknown[0]}", "unknown field (expected slug, tier, a, b)")
        try:
            item = ItemParams(**row)
        except ConfigError as exc:
            raise ConfigError(f"{where}.{exc.field}", exc.reason) from None
        if item.slug in seen:
            raise ConfigError(f"{where}.slug", f"{item.slug!r} appears twice")
        seen.add(item.slug)
        params.append(item)
    return params


def main(argv: Sequence[str] | None = None) -> int:
    """Refit item parameters from results Parquet files (see the module docstring)."""
    import pandas as pd

    parser = argparse.ArgumentParser(prog="python -m colony_sim.benchmark.calibration",
                                     description="Refit item-response parameters.")
    parser.add_argument("results", nargs="+", metavar="RESULTS.parquet")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"parameters file to write (default {DEFAULT_OUT})")
    parser.add_argument("--include-validation", action="store_true",
                        help="also fit rows of the reference/empty/mutant coders")
    args = parser.parse_args(argv)
    frame = pd.concat([pd.read_parquet(f) for f in args.results], ignore_index=True)
    keep = frame["reason"] != "coder_error"
    if not args.include_validation:
        keep &= ~frame["validation"].astype(bool)
    frame = frame[keep]
    if frame.empty:
        sys.stderr.write("no rows to fit: API errors are ignored, and validation coders "
                         "unless --include-validation is given\n")
        return 2
    params, skills = fit_rasch(frame["run_id"].tolist(), frame["slug"].tolist(),
                               frame["tier"].tolist(), frame["passed"].tolist())
    known = {p.slug: p for p in load_params(args.out if args.out.exists() else PARAMS_PATH)}
    known.update({p.slug: p for p in params})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_params(sorted(known.values(), key=lambda p: (p.tier, p.slug)), args.out)
    sys.stdout.write(f"fitted {len(params)} problems from {len(skills)} runs -> {args.out}\n"
                     f"use it in a run's config: bench_items: {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
