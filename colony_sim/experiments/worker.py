"""What a worker does with a batch of runs: run each, write it, report a small outcome.

By default the rows never travel back to the driver: each run is written to the
sweep's directory by the worker that ran it (with Dask on several machines, ``--out``
must then be a directory every worker sees). With ``collect=True`` (``--collect``) the
worker sends each run's tables back instead and the driver writes them as they come,
for clusters without a shared filesystem. A failing run is recorded with its traceback
and the batch goes on.
"""

from __future__ import annotations

import functools
import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from colony_sim.experiments.design import RunSpec, resolve_runner
from colony_sim.experiments.store import SweepStore
from colony_sim.floats import numeric_backend


@dataclass(frozen=True)
class Outcome:
    """What the driver learns about one run.

    Attributes:
        run_id: The run.
        ok: Whether it finished and was written.
        rows: Colony rows written (0 if it failed).
        seconds: Wall time of the run and its writing.
        error: One line saying why it failed (empty if ok).
        payload: With ``collect``: ``(tables, meta)`` of a finished run, or the
            traceback of a failed one, for the driver to write.
    """

    run_id: str
    ok: bool
    rows: int
    seconds: float
    error: str = ""
    payload: Any = None


@functools.lru_cache(maxsize=8)
def _runner(path: str) -> Callable[..., Any]:
    return resolve_runner(path)


def run_batch(
    root: str, runner: str, record_agents: bool, runs: list[RunSpec], collect: bool = False
) -> list[Outcome]:
    """Run and write each run of a batch; never raises for a failing run.

    Args:
        root: The sweep directory.
        runner: ``module:function`` of the runner.
        record_agents: Whether agent rows are written too.
        runs: The runs of this batch.
        collect: Return the tables in the outcomes instead of writing them.

    Returns:
        One :class:`Outcome` per run, in order.
    """
    store = SweepStore(root)
    fn = _runner(runner)
    out = []
    host = f"{socket.gethostname()}:{os.getpid()}"
    for run in runs:
        started = time.perf_counter()
        try:
            tables = fn(run.config, record_agents)
            if "colony" not in tables:
                raise TypeError(f"runner {runner} returned no 'colony' table")
            seconds = time.perf_counter() - started
            meta = {"seconds": seconds, "worker": host, **numeric_backend()}
            if collect:
                payload = (dict(tables), meta)
                rows = len(tables["colony"])
                out.append(Outcome(run.run_id, True, rows, seconds, "", payload))
                continue
            rows = store.write_run(run, dict(tables), meta)
            out.append(Outcome(run.run_id, True, rows, time.perf_counter() - started))
        except Exception as exc:  # noqa: BLE001 - a sweep records failures and goes on
            error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            trace = traceback.format_exc()
            if not collect:
                store.write_failure(run, runner, error, trace)
            seconds = time.perf_counter() - started
            out.append(Outcome(run.run_id, False, 0, seconds, error, trace if collect else None))
    return out
