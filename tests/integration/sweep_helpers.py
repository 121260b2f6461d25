"""Shared by the sweep integration tests: a design file, the CLI as a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

COLONY = str(Path(sys.executable).parent / "colony")
DASK = str(Path(sys.executable).parent / "dask")


ROOT = Path(__file__).resolve().parents[2]
# The CLI subprocess imports test runners (``tests.unit.experiments.runners``) from here.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}


def write_design(path: Path, name: str, prices: list[int], replicates: int = 3,
                 until: float = 1800.0, runner: str | None = None) -> Path:
    spec = {
        "name": name,
        "base": {"agents": 5, "until": until, "sample_period": 300.0},
        "design": {"kind": "grid", "parameters": {
            "economy.price": prices, "cognition.share_period": [0, 5]}},
        "seeds": {"root": 2026, "replicates": replicates},
    }
    if runner:
        spec["runner"] = runner
    path.write_text(yaml.safe_dump(spec))
    return path


def colony(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COLONY, *args], capture_output=True, text=True, timeout=timeout,
                          env=ENV)


def _default_sigint() -> None:
    # A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored
    # across exec: a test suite run as `make test &` would hand the sweep a deaf Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_colony(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([COLONY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, env=ENV,
                            preexec_fn=_default_sigint)


def stop_group(proc: subprocess.Popen[str], sig: int = signal.SIGKILL, wait: float = 30) -> None:
    """Signal the process group of ``proc`` (it was started in its own session)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.05)
