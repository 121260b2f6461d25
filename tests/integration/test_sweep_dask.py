"""A real ``dask scheduler`` and ``dask worker`` on 127.0.0.1, driven through ``--scheduler``."""

import json
import os
import signal
import socket
import subprocess

import pandas as pd
import pytest

from colony_sim.experiments import load_results, load_sweep, run_sweep

from .sweep_helpers import DASK, colony, wait_until, write_design

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepting(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@pytest.fixture
def dask_cluster(tmp_path, request):
    port = free_port()
    log = (tmp_path / "dask.log").open("w")
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "True"}
    procs = []

    def stop():
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(5)
        log.close()

    request.addfinalizer(stop)
    common = dict(stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path, env=env,
                  start_new_session=True)
    procs.append(subprocess.Popen(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--dashboard-address", "127.0.0.1:0"], **common))
    wait_until(lambda: accepting(port), timeout=60, what="the dask scheduler")
    procs.append(subprocess.Popen(
        [DASK, "worker", f"tcp://127.0.0.1:{port}", "--host", "127.0.0.1", "--nworkers", "2",
         "--nthreads", "1", "--no-dashboard"], **common))
    return f"tcp://127.0.0.1:{port}"


def test_sweep_on_a_running_dask_cluster_equals_serial(tmp_path, dask_cluster):
    design = write_design(tmp_path / "d.yaml", "on-dask", [500, 2000, 8000], replicates=2)
    result = colony("sweep", str(design), "--scheduler", dask_cluster, "--connect-timeout", "60",
                    "--out", str(tmp_path / "dask"), "--quiet", timeout=240)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "dask" / "on-dask"
    manifest = json.loads((root / "manifest.json").read_text())
    session = manifest["sessions"][-1]
    assert session["executor"] == "dask" and session["scheduler"] == dask_cluster
    assert session["workers"] >= 1
    assert manifest["counts"]["done"] == 12

    run_sweep(load_sweep(design), tmp_path / "serial", executor="serial", progress=False)
    serial = load_results(tmp_path / "serial" / "on-dask")
    pd.testing.assert_frame_equal(load_results(root), serial)

    # --collect: the workers send results back, this process writes them
    result = colony("sweep", str(design), "--scheduler", dask_cluster, "--collect",
                    "--out", str(tmp_path / "collected"), "--quiet", timeout=240)
    assert result.returncode == 0, result.stderr
    collected = tmp_path / "collected" / "on-dask"
    manifest = json.loads((collected / "manifest.json").read_text())
    assert manifest["sessions"][-1]["writes"] == "driver"
    pd.testing.assert_frame_equal(load_results(collected), serial)
