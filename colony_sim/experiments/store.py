"""The on-disk dataset of a sweep: one directory per sweep, one partition per run.

Layout of ``<out>/<sweep-name>/``::

    manifest.json                    what ran, what failed, with which code (atomic)
    sweep.json                       the normalized sweep spec
    runs/run=<run_id>/part-0.parquet colony rows + parameter columns
    runs/run=<run_id>/_SUCCESS.json  completion marker (timing, rows, worker, numeric backend)
    agents/run=<run_id>/part-0.parquet  agent rows (if the sweep records them)
    failed/run=<run_id>.json         traceback and parameters of a failed run
    _staging/                        work in progress (never read)

A run is written into ``_staging`` first and its partition directory, marker
included, appears with one ``rename``: a run killed mid-write leaves nothing that
looks finished. Files and directories starting with ``_`` or ``.`` are ignored by
Parquet readers (pyarrow, DuckDB globs on ``part-*.parquet``).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from colony_sim.experiments.design import RunSpec
from colony_sim.floats import numeric_backend

MARKER = "_SUCCESS.json"
PART = "part-0.parquet"


class SweepStore:
    """Paths and atomic writes of one sweep's directory.

    Args:
        root: The sweep directory, ``<out>/<sweep-name>``.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.runs = self.root / "runs"
        self.agents = self.root / "agents"
        self.failed = self.root / "failed"
        self.staging = self.root / "_staging"
        self.manifest_path = self.root / "manifest.json"

    # -- driver side --------------------------------------------------------------------

    def prepare(self) -> None:
        """Create the directories and drop what interrupted runs left in staging."""
        shutil.rmtree(self.staging, ignore_errors=True)
        for d in (self.runs, self.failed, self.staging):
            d.mkdir(parents=True, exist_ok=True)

    def finished(self) -> set[str]:
        """Ids of the runs whose partition is complete."""
        if not self.runs.is_dir():
            return set()
        done = set()
        with os.scandir(self.runs) as it:
            for entry in it:
                if entry.name.startswith("run=") and os.path.exists(
                    os.path.join(entry.path, MARKER)
                ):
                    done.add(entry.name[4:])
        return done

    def failure(self, run_id: str) -> dict[str, Any] | None:
        """The failure record of a run, if it failed."""
        path = self.failed / f"run={run_id}.json"
        return json.loads(path.read_text()) if path.exists() else None

    def read_manifest(self) -> dict[str, Any] | None:
        """The manifest, or ``None`` if the sweep has none yet."""
        if not self.manifest_path.exists():
            return None
        return json.loads(self.manifest_path.read_text())

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Replace ``manifest.json`` atomically."""
        write_json_atomic(self.manifest_path, manifest)

    # -- worker side --------------------------------------------------------------------

    def write_run(
        self, run: RunSpec, tables: dict[str, pd.DataFrame], meta: dict[str, Any]
    ) -> int:
        """Write a finished run's tables and marker; returns the colony rows written."""
        tag = f"{run.run_id}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        stage_agents, stage_run = self.staging / f"{tag}-agents", self.staging / f"{tag}-run"
        try:
            if tables.get("agents") is not None:
                _write_part(stage_agents, _label(tables["agents"], run))
                _commit(stage_agents, self.agents / f"run={run.run_id}")
            colony = _label(tables["colony"], run)
            _write_part(stage_run, colony)
            marker = {**meta, "run_id": run.run_id, "rows": len(colony)}
            (stage_run / MARKER).write_text(json.dumps(marker, sort_keys=True))
            _commit(stage_run, self.runs / f"run={run.run_id}")  # the run is finished now
        except BaseException:
            shutil.rmtree(stage_agents, ignore_errors=True)
            shutil.rmtree(stage_run, ignore_errors=True)
            raise
        (self.failed / f"run={run.run_id}.json").unlink(missing_ok=True)
        return len(colony)

    def write_failure(self, run: RunSpec, runner: str, error: str, trace: str) -> None:
        """Record a failed run: its parameters, seed, error and traceback."""
        record = {
            "run_id": run.run_id,
            "point": run.point,
            "replicate": run.replicate,
            "seed": run.seed,
            "params": dict(run.params),
            "runner": runner,
            "error": error,
            "traceback": trace,
            "host": socket.gethostname(),
            "config": run.config.model_dump(mode="json"),
        }
        self.failed.mkdir(parents=True, exist_ok=True)
        write_json_atomic(self.failed / f"run={run.run_id}.json", record)


def _label(frame: pd.DataFrame, run: RunSpec) -> pd.DataFrame:
    """Tidy rows of a run: ``run_id, seed, time``, metrics, then parameter columns."""
    frame = frame.copy()
    if "run_id" not in frame.columns:
        frame.insert(0, "run_id", run.run_id)
    if "seed" not in frame.columns:
        frame.insert(1, "seed", run.seed)
    for column, value in run.labels().items():
        frame[column] = value
    return frame


def _write_part(directory: Path, frame: pd.DataFrame) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), directory / PART)


def _commit(stage: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():  # a partition without marker, or a rerun of a failed run
        shutil.rmtree(final)
    os.rename(stage, final)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to ``path`` via a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, sort_keys=True, default=str)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def code_version() -> dict[str, Any]:
    """The code a sweep ran with: versions, git commit if any, and the numeric backend.

    The backend (:func:`colony_sim.floats.numeric_backend`) is the driver's; each run's
    marker records the one of the worker that ran it.
    """
    import numpy
    import simpy

    from colony_sim import __version__

    here = Path(__file__).resolve().parent
    commit = dirty = None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        ).stdout.strip() or None
        if commit:
            status = subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=here, capture_output=True, text=True, timeout=5,
            ).stdout
            dirty = bool(status.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "colony_lab": __version__,
        "git_commit": commit,
        "git_dirty": dirty,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "pandas": pd.__version__,
        "pyarrow": pa.__version__,
        "simpy": simpy.__version__,
        **numeric_backend(),
    }
