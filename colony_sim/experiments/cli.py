"""``colony sweep``: run a sweep file with any executor, resumable.

Registered by :mod:`colony_sim.cli`; bad input (unknown parameter, empty design,
``min > max``, unreachable scheduler, existing directory without ``--resume``) is
refused in one line with exit status 2 before any run starts. Exit status 0 means every
run finished, 1 that some runs failed (their tracebacks are in ``failed/``; the other
runs are all there), 130 that the sweep was interrupted (Ctrl-C): continue it with
``--resume``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXECUTOR_CHOICES = ("serial", "process", "dask")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``sweep`` subcommand to the ``colony`` parser's subparsers."""
    sweep = sub.add_parser(
        "sweep",
        help="run a parameter sweep into a Parquet dataset",
        description=(
            "Run every point of SWEEP (a YAML, TOML or JSON design) at every replicate "
            "seed, writing <out>/<name>/runs/run=<run-id>/part-0.parquet as each run "
            "finishes, failures with their tracebacks in failed/, and manifest.json. "
            "Rerun with --resume to skip finished runs."
        ),
    )
    sweep.add_argument("design", type=Path, metavar="SWEEP", help="sweep design file")
    sweep.add_argument(
        "--executor", choices=EXECUTOR_CHOICES, default=None,
        help="serial (default), process (local cores) or dask (LocalCluster or --scheduler)",
    )
    sweep.add_argument(
        "--scheduler", metavar="ADDR",
        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies dask); "
        "workers write the results themselves, so --out must be a path they all see "
        "(or use --collect)",
    )
    sweep.add_argument(
        "--connect-timeout", type=float, default=10.0, metavar="S",
        help="seconds to wait for the scheduler and a first worker (default 10)",
    )
    sweep.add_argument(
        "--collect", action="store_true",
        help="workers send results back and this process writes them "
        "(for a cluster that does not share --out's filesystem)",
    )
    sweep.add_argument(
        "--workers", type=int, metavar="N", help="local worker processes (default: one per core)"
    )
    sweep.add_argument(
        "--out", type=Path, default=Path("data/sweeps"), metavar="DIR",
        help="directory that receives <name>/ (default data/sweeps)",
    )
    sweep.add_argument(
        "--resume", action="store_true", help="continue an existing sweep, skipping finished runs"
    )
    sweep.add_argument("--quiet", action="store_true", help="no progress bar or summary table")
    sweep.add_argument(
        "--dry-run", action="store_true",
        help="validate the design, print its size and what is already done, run nothing",
    )
    sweep.set_defaults(handler=cmd_sweep)
    return sweep


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run ``colony sweep`` from parsed arguments; returns the exit status."""
    from colony_sim.errors import ConfigError
    from colony_sim.experiments.design import load_sweep
    from colony_sim.experiments.progress import print_summary
    from colony_sim.experiments.sweep import run_sweep

    executor = args.executor or ("dask" if args.scheduler else "serial")
    if args.scheduler and executor != "dask":
        raise ConfigError("--scheduler", f"needs --executor dask, not {executor}")
    sweep = load_sweep(args.design)
    if args.dry_run:
        return _dry_run(sweep, args.out)
    try:
        report = run_sweep(
            sweep, args.out, executor=executor, scheduler=args.scheduler,
            workers=args.workers, resume=args.resume, progress=not args.quiet,
            connect_timeout=args.connect_timeout, collect=args.collect,
        )
    except KeyboardInterrupt:
        root = args.out / sweep.name
        sys.stderr.write(
            f"colony sweep: interrupted; finished runs are kept in {root} "
            "(rerun with --resume to continue)\n"
        )
        return 130
    if args.quiet:
        print(report.root)
    else:
        print_summary(report)
    return 1 if report.failed else 0


def _dry_run(sweep, out: Path) -> int:
    from colony_sim.experiments.store import SweepStore

    root = out / sweep.name
    done = SweepStore(root).finished() & {r.run_id for r in sweep.runs}
    print(
        f"{sweep.name}: {sweep.spec.design.kind} design, {sweep.points} points x "
        f"{sweep.spec.seeds.replicates} seeds = {len(sweep.runs)} runs; "
        f"{len(done)} already finished in {root}"
    )
    return 0
