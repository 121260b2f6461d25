"""Progress bar while a sweep runs, and the summary table at its end (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table


class SweepProgress:
    """A bar of runs done, failed and the ETA; does nothing when not ``shown``.

    Args:
        name: Sweep name.
        total: Runs in the design.
        skipped: Runs already finished (counted as done from the start).
        shown: Whether to draw anything.
    """

    def __init__(self, name: str, total: int, skipped: int, shown: bool) -> None:
        self.skipped = skipped
        self.bar: Progress | None = None
        if shown:
            self.bar = Progress(
                TextColumn(f"[bold]sweep {name}[/]"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("runs"),
                TextColumn("[red]{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.task = self.bar.add_task("sweep", total=total, completed=skipped, failed=0)

    def __enter__(self) -> SweepProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.stop()

    def update(self, done: int, failed: int) -> None:
        """Show ``done`` runs finished (besides the skipped ones) and ``failed``."""
        if self.bar is not None:
            self.bar.update(self.task, completed=self.skipped + done + failed, failed=failed)


def print_summary(report: Any, console: Console | None = None) -> None:
    """Print a :class:`~colony_sim.experiments.sweep.SweepReport` as a table."""
    console = console or Console()
    r = report
    table = Table(title=f"sweep {r.name}", show_header=True)
    table.add_column("")
    table.add_column("value", justify="right")
    rate = r.done / r.wall if r.wall else 0.0
    rows = [
        ("executor", r.executor),
        ("runs in design", f"{r.total:,}"),
        ("already done (resumed)", f"{r.skipped:,}"),
        ("finished now", f"{r.done:,}"),
        ("failed", f"{r.failed:,}"),
        ("wall time", f"{r.wall:.1f} s ({rate:.1f} runs/s)"),
        ("rows written", f"{r.rows:,} ({r.rows / r.wall if r.wall else 0:,.0f} rows/s)"),
        ("results", str(r.root)),
    ]
    for k, v in rows:
        table.add_row(k, v)
    console.print(table)
    if r.failures:
        fails = Table(title="failed runs (tracebacks in failed/)", show_header=True)
        for col in ("run_id", "parameters", "error"):
            fails.add_column(col, overflow="fold")
        for run_id, params, error in r.failures[:10]:
            fails.add_row(run_id, ", ".join(f"{k}={v}" for k, v in params.items()), error)
        if len(r.failures) > 10:
            fails.add_row("…", f"{len(r.failures) - 10} more", "")
        console.print(fails)
