"""Kill a sweep halfway (SIGINT, SIGKILL), resume it, and get an uninterrupted sweep's data."""

import json
import signal

import pandas as pd
import pytest

from colony_sim.experiments import load_results, load_sweep, run_sweep
from colony_sim.experiments.store import MARKER

from .sweep_helpers import colony, start_colony, stop_group, wait_until, write_design

pytestmark = pytest.mark.slow


def finished(root):
    runs = root / "runs"
    return {p.parent.name: p.stat().st_mtime_ns for p in runs.glob(f"run=*/{MARKER}")}


@pytest.mark.parametrize(
    ("sig", "executor"), [(signal.SIGINT, "process"), (signal.SIGKILL, "serial")])
def test_interrupted_sweep_resumes_exactly(tmp_path, sig, executor):
    design = write_design(tmp_path / "d.yaml", "resume", [500, 1000, 2000, 4000], replicates=4,
                          runner="tests.unit.experiments.runners:slow_colony")
    total = len(load_sweep(design).runs)
    root = tmp_path / "a" / "resume"
    proc = start_colony("sweep", str(design), "--out", str(tmp_path / "a"), "--quiet",
                        "--executor", executor, "--workers", "2")
    try:
        wait_until(lambda: (root / "runs").is_dir() and len(finished(root)) >= total // 3,
                   timeout=120, what="a third of the runs")
        stop_group(proc, sig)
    finally:
        stop_group(proc)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, proc.stderr.read()
        assert "--resume" in proc.stderr.read()
        assert json.loads((root / "manifest.json").read_text())["status"] == "interrupted"
    before = finished(root)
    assert total // 3 <= len(before) < total
    # every partition that exists is complete: the marker lands with the data
    assert all((p / MARKER).exists() for p in (root / "runs").iterdir())

    done = colony("sweep", str(design), "--out", str(tmp_path / "a"), "--quiet", "--resume",
                  "--executor", "process", "--workers", "2")
    assert done.returncode == 0, done.stderr
    after = finished(root)
    assert len(after) == total
    assert all(after[k] == v for k, v in before.items())  # no finished run was redone
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["sessions"][-1]["ran"] == total - len(before)

    run_sweep(load_sweep(design), tmp_path / "b", progress=False)
    pd.testing.assert_frame_equal(load_results(root), load_results(tmp_path / "b" / "resume"))
