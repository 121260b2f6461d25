"""``colony bench``: score a coder on the hidden tests and print its IQ.

Examples::

    colony bench --coder reference            # validation: IQ 150
    colony bench --coder dir:solutions/ --jobs 2
    colony bench --coder llm --sample 18 --seed 1
    colony bench --list                       # problem ids and signatures
    colony bench --check-problems             # strength of the hidden tests
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from colony_sim.errors import ConfigError

CODERS = "reference|empty|mutant|llm|dir:PATH"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``bench`` subcommand to an ``add_subparsers()`` object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench",
        help="score a coder on the coding-IQ benchmark",
        description=(
            "Run a coder's solutions against the hidden tests in a sandbox, print a "
            "per-tier table and the IQ with its confidence interval, and write "
            "per-problem rows to <out>/<run-id>/results.parquet. The reference, empty "
            "and mutant coders only validate the runner and the IQ arithmetic."
        ),
    )
    parser.add_argument("--coder", metavar="KIND", help=CODERS)
    parser.add_argument("--tiers", metavar="LIST", help="comma-separated tiers, e.g. 1,2,6")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="tier-weighted sample of N problems (default: all)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="sample seed")
    parser.add_argument("--jobs", type=int, default=2, metavar="J", help="parallel attempts")
    parser.add_argument("--out", type=Path, default=Path("data/bench"), metavar="DIR",
                        help="directory that receives <run-id>/ (default data/bench)")
    parser.add_argument("--problems", type=Path, metavar="DIR",
                        help="problem root holding tier1..tier6 (default: bundled set)")
    parser.add_argument("--list", action="store_true", help="print problem ids and signatures")
    parser.add_argument("--check-problems", action="store_true",
                        help="print the hidden tests' strength table")
    parser.set_defaults(handler=cmd_bench)
    return parser


def _tiers(text: str | None) -> set[int] | None:
    if text is None:
        return None
    tiers = set()
    for part in text.replace(" ", "").split(","):
        if not part.isdigit() or not 1 <= int(part) <= 6:
            raise ConfigError("--tiers", f"unknown tier {part!r}; choose from 1-6, e.g. 1,3,6")
        tiers.add(int(part))
    return tiers


def _problems(args: argparse.Namespace) -> list:
    from colony_sim.benchmark.problemset import load_problems

    if args.problems is not None and not args.problems.is_dir():
        raise ConfigError("--problems", f"{args.problems} is not a directory")
    try:
        problems = load_problems(args.problems)
    except (ValueError, OSError) as exc:
        raise ConfigError("--problems", str(exc)) from None
    tiers = _tiers(args.tiers)
    if tiers is not None:
        problems = [p for p in problems if p.tier in tiers]
    if not problems:
        raise ConfigError("--tiers" if tiers else "--problems", "no problems selected")
    return problems


def make_coder(spec: str, problems: list) -> Any:
    """Build a coder from its ``--coder`` spelling (raises :class:`ConfigError`)."""
    from colony_sim.benchmark import coders

    if spec == "reference":
        return coders.ReferenceCoder(problems)
    if spec == "empty":
        return coders.EmptyCoder()
    if spec == "mutant":
        return coders.MutantCoder(problems)
    if spec.startswith("dir:"):
        root = Path(spec[4:])
        if not root.is_dir():
            raise ConfigError("--coder", f"{root} is not a directory of <problem-id>.py files")
        return coders.DirCoder(root)
    if spec == "llm":
        from colony_sim.benchmark.llm import LLMCoder, LLMConfig

        try:
            return LLMCoder(LLMConfig.from_env(os.environ))
        except ValueError as exc:
            raise ConfigError("--coder", str(exc)) from None
    raise ConfigError("--coder", f"unknown coder {spec!r}; choose {CODERS}")


def cmd_bench(args: argparse.Namespace) -> int:
    """Handle ``colony bench``; returns the exit status."""
    if args.jobs < 1:
        raise ConfigError("--jobs", f"must be at least 1, got {args.jobs}")
    problems = _problems(args)
    if args.list:
        for p in problems:
            sys.stdout.write(f"{p.slug}\ttier {p.tier}\t{p.signature}\n")
        return 0
    if args.check_problems:
        from colony_sim.benchmark.strength import check_all, format_table, summarize

        started = time.perf_counter()
        rows = check_all(problems, workers=args.jobs)
        sys.stdout.write(format_table(summarize(rows)) + "\n")
        sys.stdout.write(f"wall time: {time.perf_counter() - started:.1f}s\n")
        return 0
    if args.coder is None:
        raise ConfigError("--coder", f"required (one of {CODERS}), or use --list")
    if args.sample is not None:
        tiers = len({p.tier for p in problems})
        if args.sample < tiers:
            raise ConfigError("--sample", f"must be at least {tiers} (one per tier), "
                                          f"got {args.sample}")
    coder = make_coder(args.coder, problems)
    from colony_sim.benchmark.session import format_report, run_bench, write_results

    run = run_bench(coder, problems, sample=args.sample, seed=args.seed, jobs=args.jobs)
    try:
        path = write_results(run, args.out)
    except OSError as exc:
        raise ConfigError("--out", f"cannot write to {args.out}: {exc.strerror}") from None
    sys.stdout.write(format_report(run) + f"\nresults: {path}\n")
    return 0
