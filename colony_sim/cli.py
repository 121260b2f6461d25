"""The ``colony`` command.

``colony run`` runs a colony and writes ``<out>/<run-id>/`` with ``config.json``,
``environment.json`` (versions and numeric backend), ``colony.parquet``, ``agents.parquet``
and ``report.png``. Bad input exits with status 2 and one line naming the field and the
reason; nothing half-written is left behind.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from colony_sim.config import SYSTEMS, ColonyConfig, load_config, make_config
from colony_sim.errors import ColonyError, ConfigError

FLAG_FOR_FIELD = {"agents": "--agents", "until": "--until", "seed": "--seed"}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _fail(prog: str, field: str, reason: str) -> NoReturn:
    sys.stderr.write(f"{prog}: error: {FLAG_FOR_FIELD.get(field, field)}: {reason}\n")
    raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``colony`` command."""
    parser = _Parser(
        prog="colony",
        description="Colony lab: simulate colonies of self-funding software agents.",
        epilog="Run `colony COMMAND --help` for a command's options.",
    )
    from colony_sim import __version__

    parser.add_argument("--version", action="version", version=f"colony-lab {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser(
        "run",
        help="run a colony and write its tables and report",
        description=(
            "Run a colony of agents and write <out>/<run-id>/ with config.json, "
            "environment.json (versions, BLAS kernel, SIMD level), "
            "colony.parquet (one row per sampling period), agents.parquet (one row per "
            "agent every few periods), report.png and agents/{id}.agent (the fittest living "
            "agents, for `colony promote`). Flags override the config file."
        ),
    )
    run.add_argument("--agents", type=int, metavar="N", help="founding agents (default 100)")
    run.add_argument(
        "--until", type=float, metavar="T", help="simulated seconds (default 86400, one day)"
    )
    run.add_argument("--seed", type=int, metavar="S", help="root random seed (default 0)")
    run.add_argument(
        "--config", type=Path, metavar="FILE", help="YAML, JSON or TOML file of config fields"
    )
    run.add_argument(
        "--cognition",
        choices=("minimal", "default"),
        help=(
            "mind of the agents: 'default' = MLP brain and every cognitive system; "
            "'minimal' = success counts, every other system off"
        ),
    )
    run.add_argument(
        "--out",
        type=Path,
        default=Path("data/runs"),
        metavar="DIR",
        help="directory that receives <run-id>/ (default data/runs)",
    )
    run.add_argument(
        "--export-agents",
        type=int,
        default=3,
        metavar="K",
        help="write the K fittest living agents to <run>/agents/ (default 3; 0 = none)",
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary table")
    run.set_defaults(handler=cmd_run)
    show = sub.add_parser(
        "config",
        help="list every config field with its value and meaning",
        description=(
            "List every field of a run's config (dotted name, value, meaning): the defaults, "
            "or FILE's values with --config. --yaml prints the whole config as YAML instead, "
            "a starting point for `colony run --config`."
        ),
    )
    show.add_argument("--config", type=Path, metavar="FILE", help="YAML, JSON or TOML to show")
    show.add_argument("--yaml", action="store_true", help="print the config as YAML")
    show.set_defaults(handler=cmd_config)
    from colony_sim.benchmark import cli as bench_cli
    from colony_sim.experiments import cli as sweep_cli
    from colony_sim.models import cli as models_cli
    from colony_sim.studies import cli as study_cli

    models_cli.add_parser(sub)
    bench_cli.add_parser(sub)
    sweep_cli.add_parser(sub)
    study_cli.add_parser(sub)
    _add_plugin_commands(sub)
    return parser


def _add_plugin_commands(sub: argparse._SubParsersAction) -> None:
    """Commands contributed by installed packages (entry points ``colony.commands``).

    The live half adds ``colony node``, ``promote``, ``live`` and ``chain`` this way, so
    ``colony_sim`` never imports ``live``; without the live extras those commands are
    simply absent.
    """
    from importlib.metadata import entry_points

    for entry in sorted(entry_points(group="colony.commands"), key=lambda e: e.name):
        try:
            add_parsers = entry.load()
        except ImportError:
            continue
        add_parsers(sub)


def _resolve_config(args: argparse.Namespace) -> ColonyConfig:
    base = load_config(args.config) if args.config else ColonyConfig()
    changes: dict[str, object] = {}
    for name in ("agents", "until", "seed"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    if args.cognition:
        changes["cognition.level"] = args.cognition
        if args.cognition == "minimal":  # the ablation baseline: every other system off
            changes.update({f"cognition.{name}": False for name in SYSTEMS})
    return base.with_overrides(**changes) if changes else make_config(base.model_dump())


def _prepare_out(root: Path, run_id: str) -> Path:
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(os.path.join(root, f".tmp-{run_id}-{os.getpid()}"))
        staging.mkdir()
    except OSError as exc:
        raise ConfigError("--out", f"cannot write to {root}: {exc.strerror}") from None
    return staging


def cmd_run(args: argparse.Namespace) -> int:
    """Run a colony from parsed arguments; returns the exit status."""
    from colony_sim.engine import Colony, run_id_for
    from colony_sim.experiments.store import code_version
    from colony_sim.export import write_best
    from colony_sim.report import save_report

    if args.export_agents < 0:
        raise ConfigError("--export-agents", "must be 0 or more")
    config = _resolve_config(args)
    run_id = run_id_for(config)
    staging = _prepare_out(args.out, run_id)
    final = args.out / run_id
    try:
        (staging / "config.json").write_text(config.to_json() + "\n")
        environment = json.dumps(code_version(), indent=2, sort_keys=True)
        (staging / "environment.json").write_text(environment + "\n")
        colony = Colony(config, spill_dir=staging)
        started = time.perf_counter()
        _run_with_progress(colony, quiet=args.quiet)
        wall = time.perf_counter() - started
        colony.close()
        if args.export_agents:
            write_best(colony, staging / "agents", args.export_agents)
        frame = colony.colony_frame()
        save_report(frame, staging / "report.png", title=f"Colony run {run_id}")
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not args.quiet:
        _print_summary(colony, frame, final, wall)
    else:
        print(final)
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """Handle ``colony config``; returns the exit status."""
    import yaml

    from colony_sim.config import describe

    config = load_config(args.config) if args.config else ColonyConfig()
    if args.yaml:
        sys.stdout.write(yaml.safe_dump(config.model_dump(), sort_keys=False))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table("field", "value", "meaning", box=None, header_style="bold")
    for name, value, meaning in describe(config):
        table.add_row(name, repr(value) if isinstance(value, str) else str(value), meaning)
    Console(width=max(100, shutil.get_terminal_size().columns)).print(table)
    return 0


def _run_with_progress(colony, *, quiet: bool) -> None:
    end = colony.config.until
    if quiet:
        colony.run()
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("[bold]colony[/]"),
        BarColumn(),
        TextColumn("{task.fields[hours]:>7.1f} h sim"),
        TextColumn("{task.fields[population]:>6} agents"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("run", total=end, hours=0.0, population=len(colony.agents))

        def tick(now: float) -> None:
            bar.update(task, completed=now, hours=now / 3600, population=len(colony.agents))

        colony.run(progress=tick)


def _print_summary(colony, frame, final: Path, wall: float) -> None:
    from rich.console import Console
    from rich.table import Table

    from colony_sim.types import format_tokens

    last = frame.iloc[-1]
    table = Table(title=f"run {colony.run_id}", show_header=True)
    table.add_column("metric")
    table.add_column("value", justify="right")
    rows = [
        ("simulated time", f"{colony.now / 3600:.1f} h"),
        ("population (start → end)", f"{int(frame['population'].iloc[0])} → {len(colony.agents)}"),
        ("births / deaths", f"{colony.births} / {colony.deaths}"),
        ("agent cycles", f"{int(frame['cycles'].sum()):,}"),
        (
            "F, first → last period",
            f"{frame['F'].dropna().iloc[0]:.3f} → {frame['F'].dropna().iloc[-1]:.3f} nats/step",
        ),
        ("Brier score, last period", f"{last['brier']:.3f}"),
        (
            "mean balance",
            format_tokens(int(last["wealth_mean"]))
            if last["wealth_mean"] == last["wealth_mean"]
            else "—",
        ),
        ("wealth Gini", f"{last['wealth_gini']:.3f}"),
        (
            "revenue / costs (total)",
            f"{format_tokens(int(frame['revenue'].sum()))} / "
            f"{format_tokens(int(frame['costs'].sum()))}",
        ),
        ("wall time", f"{wall:.1f} s ({frame['cycles'].sum() / max(wall, 1e-9):,.0f} cycles/s)"),
        ("results", str(final)),
    ]
    for k, v in rows:
        table.add_row(k, v)
    Console().print(table)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``colony`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except ConfigError as exc:
        _fail(f"colony {args.command}", exc.field, exc.reason)
    except ColonyError as exc:
        sys.stderr.write(f"colony {args.command}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("colony: interrupted; nothing was written\n")
        return 130
    except BrokenPipeError:  # the reader went away (`colony bench --list | head`)
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
