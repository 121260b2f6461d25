"""``colony experiment headline``: the headline experiment from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from colony_sim.experiments.progress import SweepProgress


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``colony experiment …`` on the ``colony`` command's subparsers."""
    exp = sub.add_parser("experiment", help="run a ready-made experiment")
    kinds = exp.add_subparsers(dest="experiment", required=True)
    head = kinds.add_parser(
        "headline",
        help="colony IQ over time, federation vs isolation vs one big agent, survival grid",
        description=(
            "Run the headline experiment over a seed list and print its main numbers with "
            "95 % confidence intervals and its wall time. Writes series.parquet, "
            "grid.parquet, summary.csv and headline.png to --out."
        ),
    )
    head.add_argument("--seeds", type=int, default=20, metavar="N", help="seeds 0..N-1 (20)")
    head.add_argument("--agents", type=int, default=16, metavar="N", help="founders (16)")
    head.add_argument("--hours", type=float, default=8.0, metavar="H", help="sim hours (8)")
    head.add_argument("--workers", type=int, default=2, metavar="W", help="processes (2)")
    head.add_argument(
        "--out", type=Path, default=Path("data/headline"), metavar="DIR", help="output dir"
    )
    head.set_defaults(handler=cmd_headline)


def cmd_headline(args: argparse.Namespace) -> int:
    """Run the headline experiment; print the summary and the wall time."""
    from colony_sim.errors import ConfigError
    from colony_sim.studies.headline import HeadlineSettings, run_headline
    from colony_sim.studies.plots import headline_figure

    for name in ("seeds", "agents", "workers"):
        if getattr(args, name) < 1:
            raise ConfigError(f"--{name}", "must be at least 1")
    if args.hours <= 0:
        raise ConfigError("--hours", "must be positive")
    settings = HeadlineSettings(
        seeds=tuple(range(args.seeds)),
        agents=args.agents,
        until=args.hours * 3600.0,
        workers=args.workers,
    )
    bar: SweepProgress | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:  # a bar on a terminal (stderr), nothing in logs and pipes
            bar = SweepProgress("headline", total, 0, sys.stderr.isatty()).__enter__()
        bar.update(done, 0)

    try:
        result = run_headline(settings, progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    args.out.mkdir(parents=True, exist_ok=True)
    result["series"].to_parquet(args.out / "series.parquet")
    result["grid"].to_parquet(args.out / "grid.parquet")
    result["summary"].to_csv(args.out / "summary.csv", index=False)
    headline_figure(result).savefig(args.out / "headline.png", dpi=110)
    with_pd = result["summary"].round(3).to_string(index=False)
    print(with_pd)
    print(f"headline experiment: {len(settings.seeds)} seeds in {result['seconds']:.1f} s")
    print(args.out)
    return 0
