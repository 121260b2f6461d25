"""Running a sweep: hand batches of runs to an executor, track them, resume exactly.

The driver keeps only the queue of runs still to do and a few counters: rows are
written by the workers (or, with ``collect=True``, by the driver as each run's tables
arrive), a failure's traceback goes to ``failed/``, and progress is saved in
``manifest.json`` as the sweep goes. Rerunning an interrupted sweep with
``resume=True`` skips every run whose partition is complete (failed runs are tried
again).

Short runs are grouped into tasks of at least ``min_task_seconds`` (measured as the
sweep goes), so a per-task overhead of a millisecond or so stays below 1 %.
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from colony_sim.errors import ConfigError
from colony_sim.experiments.design import RunSpec, Sweep, resolve_runner
from colony_sim.experiments.executors import Backend, open_backend
from colony_sim.experiments.progress import SweepProgress
from colony_sim.experiments.store import MARKER, SweepStore, code_version, write_json_atomic
from colony_sim.experiments.worker import Outcome, run_batch

MAX_TASK_SECONDS = 0.5
MANIFEST_EVERY = 2.0


@dataclass
class SweepReport:
    """What a call to :func:`run_sweep` did.

    Attributes:
        name: Sweep name.
        root: The sweep directory.
        executor: Executor kind and worker count, e.g. ``"dask x2"``.
        total: Runs in the design.
        skipped: Runs already finished before this call (resume).
        done: Runs finished by this call.
        failed: Runs that failed in this call.
        rows: Colony rows written by this call.
        wall: Seconds spent in this call.
        failures: ``(run_id, params, error)`` of the failed runs.
    """

    name: str
    root: Path
    executor: str
    total: int
    skipped: int = 0
    done: int = 0
    failed: int = 0
    rows: int = 0
    wall: float = 0.0
    failures: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)


def run_sweep(
    sweep: Sweep,
    out: str | Path,
    *,
    executor: str | Backend = "serial",
    scheduler: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    progress: bool = True,
    min_task_seconds: float = 0.1,
    connect_timeout: float = 10.0,
    collect: bool = False,
) -> SweepReport:
    """Run every run of ``sweep`` not yet finished into ``<out>/<sweep.name>/``.

    Args:
        sweep: A validated sweep (:func:`~colony_sim.experiments.design.load_sweep`).
        out: Parent directory of the sweep directory.
        executor: ``serial``, ``process`` or ``dask``, or a backend opened with
            :func:`~colony_sim.experiments.executors.open_backend` to share between sweeps (it is
            left open).
        scheduler: Address of an existing Dask scheduler (implies ``dask``).
        workers: Local worker processes (default: one per core).
        resume: Continue a sweep directory that exists (skipping finished runs).
        progress: Show a progress bar (on stderr).
        min_task_seconds: Shortest task worth sending to a worker.
        connect_timeout: Seconds to wait for a Dask scheduler and its first worker.
        collect: Workers send results back and the driver writes them (for clusters
            without a filesystem shared with the driver); default: workers write.

    Returns:
        A :class:`SweepReport`.

    Raises:
        ConfigError: before any run, if the directory, runner or executor is unusable.
        KeyboardInterrupt: after recording the interruption in the manifest.
    """
    if scheduler is not None and executor == "serial":
        executor = "dask"
    store = SweepStore(Path(out).absolute() / sweep.name)  # workers may have another cwd
    previous = _check_directory(store, sweep, resume)
    resolve_runner(sweep.spec.runner)
    if isinstance(executor, Backend):
        backend, owned = executor, False
    else:
        backend = open_backend(executor, workers=workers, scheduler=scheduler,
                               timeout=connect_timeout)
        owned = True
    try:
        try:
            store.prepare()
        except OSError as exc:
            raise ConfigError("--out", f"cannot write to {store.root}: {exc.strerror}") from None
        driver = _Driver(sweep, store, backend, previous, min_task_seconds, collect)
        return driver.run(progress)
    finally:
        if owned:
            backend.close()


def _check_directory(store: SweepStore, sweep: Sweep, resume: bool) -> dict[str, Any] | None:
    try:
        previous = store.read_manifest()
    except (OSError, ValueError) as exc:
        raise ConfigError("--out", f"unreadable manifest in {store.root}: {exc}") from None
    if previous is not None and not resume:
        raise ConfigError(
            "--out", f"{store.root} holds this sweep already: pass --resume, or pick another --out"
        )
    if previous is not None and previous.get("spec_hash") != sweep.spec_hash():
        reason = f"the design differs from the one in {store.manifest_path}; use another --out"
        raise ConfigError("--resume", reason)
    return previous


class _Driver:
    def __init__(
        self, sweep: Sweep, store: SweepStore, backend: Backend,
        previous: dict[str, Any] | None, min_task_seconds: float, collect: bool,
    ) -> None:
        self.sweep, self.store, self.backend = sweep, store, backend
        self.collect = collect
        self.min_task = min_task_seconds
        self.per_run: float | None = None
        self.solo: set[str] = set()  # runs whose task died: they are retried alone
        self.started = time.perf_counter()
        self.last_manifest = 0.0
        now = _now()
        self.manifest: dict[str, Any] = previous or {
            "sweep": sweep.name, "spec_hash": sweep.spec_hash(),
            "spec": sweep.spec.model_dump(mode="json"), "created": now, "sessions": [],
        }
        self.session = {
            "started": now, "executor": backend.kind, "workers": backend.workers,
            "scheduler": backend.address, "code": code_version(),
            "writes": "driver" if collect else "workers",
        }
        self.manifest.setdefault("sessions", []).append(self.session)
        self.manifest["code"] = self.session["code"]
        label = f"{backend.kind} x{backend.workers}"
        self.report = SweepReport(sweep.name, store.root, label, len(sweep.runs))

    def run(self, show: bool) -> SweepReport:
        finished = self.store.finished()
        todo = [r for r in self.sweep.runs if r.run_id not in finished]
        self.report.skipped = len(self.sweep.runs) - len(todo)
        write_json_atomic(self.store.root / "sweep.json", self.sweep.spec.model_dump(mode="json"))
        self._save("running")
        bar = SweepProgress(self.sweep.name, len(self.sweep.runs), self.report.skipped, show)
        inflight: dict[Any, list[RunSpec]] = {}
        try:
            with bar:
                self._loop(deque(todo), inflight, bar)
        except BaseException:
            self.backend.cancel(inflight)
            self.report.wall = time.perf_counter() - self.started
            self._save("interrupted")
            raise
        self.report.wall = time.perf_counter() - self.started
        self._save("complete" if not self.report.failures else "complete_with_failures", final=True)
        return self.report

    def _loop(self, pending: deque[RunSpec], inflight: dict[Any, list[RunSpec]], bar: Any) -> None:
        root, spec = str(self.store.root), self.sweep.spec
        while pending or inflight:
            # After a task died, its runs are retried one task at a time, so that a run
            # that kills its worker takes no other run down with it.
            slots = 1 if self.solo else 2 * self.backend.workers
            while pending and len(inflight) < slots:
                size = min(self._batch_size(len(pending)), len(pending))
                batch = [pending.popleft()]
                while len(batch) < size and pending[0].run_id not in self.solo:
                    batch.append(pending.popleft())
                fut = self.backend.submit(
                    run_batch, root, spec.runner, spec.record_agents, batch, self.collect
                )
                inflight[fut] = batch
            for fut in self.backend.wait_any(inflight):
                batch = inflight.pop(fut)
                for outcome in self._outcomes(fut, batch, pending):
                    self._record(outcome, batch)
                bar.update(self.report.done, self.report.failed)
            if time.perf_counter() - self.last_manifest > MANIFEST_EVERY:
                self._save("running")

    def _batch_size(self, pending: int) -> int:
        if not self.backend.batches or self.per_run is None or self.solo:
            return 1
        remaining = self.per_run * pending / self.backend.workers
        target = max(self.min_task, min(MAX_TASK_SECONDS, remaining / 4))
        return max(1, math.floor(target / max(self.per_run, 1e-6) + 0.5))

    def _outcomes(self, fut: Any, batch: list[RunSpec], pending: deque[RunSpec]) -> list[Outcome]:
        """Outcomes of a task; if the task itself died, its runs go back to run alone."""
        try:
            return list(fut.result())
        except Exception as exc:  # noqa: BLE001 - e.g. a worker process died
            import traceback

            if len(batch) > 1 or batch[0].run_id not in self.solo:
                # Which run killed the worker is unknown: each unfinished one runs alone,
                # so that only the culprit fails.
                out = []
                for run in reversed(batch):
                    marker = self.store.runs / f"run={run.run_id}" / MARKER
                    if marker.exists():
                        rows = json.loads(marker.read_text())["rows"]
                        out.append(Outcome(run.run_id, True, rows, 0.0))
                    else:
                        self.solo.add(run.run_id)
                        pending.appendleft(run)
                return out
            error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            trace = "".join(traceback.format_exception(exc))
            for run in batch:
                self.store.write_failure(run, self.sweep.spec.runner, error, trace)
            return [Outcome(run.run_id, False, 0, 0.0, error) for run in batch]

    def _record(self, outcome: Outcome, batch: list[RunSpec]) -> None:
        r = self.report
        self.solo.discard(outcome.run_id)
        if outcome.payload is not None:
            outcome = self._write_collected(outcome, batch)
        if outcome.ok:
            r.done += 1
            r.rows += outcome.rows
            s = outcome.seconds
            if s > 0:
                self.per_run = s if self.per_run is None else 0.8 * self.per_run + 0.2 * s
        else:
            r.failed += 1
            run = next(x for x in batch if x.run_id == outcome.run_id)
            r.failures.append((run.run_id, dict(run.params), outcome.error))

    def _write_collected(self, outcome: Outcome, batch: list[RunSpec]) -> Outcome:
        """Collect mode: write what a worker sent back (a write error fails the run)."""
        import traceback

        run = next(x for x in batch if x.run_id == outcome.run_id)
        runner = self.sweep.spec.runner
        if not outcome.ok:
            self.store.write_failure(run, runner, outcome.error, outcome.payload)
            return outcome
        tables, meta = outcome.payload
        try:
            self.store.write_run(run, tables, meta)
        except Exception as exc:  # noqa: BLE001 - recorded like any failed run
            error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            self.store.write_failure(run, runner, error, traceback.format_exc())
            return Outcome(run.run_id, False, 0, outcome.seconds, error)
        return outcome

    def _save(self, status: str, final: bool = False) -> None:
        r = self.report
        self.session.update(
            ended=_now(), status=status, ran=r.done, failed=r.failed, rows=r.rows,
            wall=round(time.perf_counter() - self.started, 3),
        )
        m = self.manifest
        m.update(status=status, updated=_now())
        m["counts"] = {"total": r.total, "done": r.skipped + r.done, "failed": r.failed,
                       "pending": r.total - r.skipped - r.done - r.failed}
        m["failed"] = [{"run_id": i, "params": p, "error": e} for i, p, e in r.failures]
        if final:
            finished = self.store.finished()
            failed = {i for i, _, _ in r.failures}
            m["counts"]["done"] = sum(run.run_id in finished for run in self.sweep.runs)
            def status_of(run_id: str) -> str:
                return "done" if run_id in finished else "failed" if run_id in failed else "pending"

            m["runs"] = [
                [run.run_id, run.point, run.replicate, run.seed, status_of(run.run_id)]
                for run in self.sweep.runs
            ]
            m["runs_columns"] = ["run_id", "point", "replicate", "seed", "status"]
        self.store.write_manifest(m)
        self.last_manifest = time.perf_counter()
        if final:
            try:
                self.store.staging.rmdir()  # only if empty: workers may still be writing
            except OSError:
                pass


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
