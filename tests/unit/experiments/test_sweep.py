import json
import os

import pandas as pd
import pytest

from colony_sim.errors import ConfigError
from colony_sim.experiments import load_results, make_sweep, run_sweep
from colony_sim.experiments.store import MARKER, SweepStore

from .conftest import small_spec

FAILING = "tests.unit.experiments.runners:fail_at_price_666"


def markers(root):
    return {p.parent.name: p.stat().st_mtime_ns for p in (root / "runs").glob(f"run=*/{MARKER}")}


def test_serial_sweep_writes_one_partition_per_run(sweep, tmp_path):
    report = run_sweep(sweep, tmp_path, progress=False)
    assert (report.done, report.failed, report.skipped) == (8, 0, 0)
    root = tmp_path / "small"
    assert sorted(p.name for p in (root / "runs").iterdir()) == sorted(
        f"run={r.run_id}" for r in sweep.runs)
    frame = load_results(root)
    assert list(frame.columns[:3]) == ["run_id", "seed", "time"]
    assert {"economy_price", "cognition_share_period", "point", "replicate"} <= set(frame.columns)
    assert report.rows == len(frame) == 8 * 5
    for run in sweep.runs:
        rows = frame[frame["run_id"] == run.run_id]
        assert (rows["seed"] == run.seed).all()
        assert (rows["economy_price"] == run.config.economy.price).all()
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["counts"] == {"total": 8, "done": 8, "failed": 0, "pending": 0}
    assert manifest["code"]["colony_lab"] and "python" in manifest["code"]
    assert {"machine", "blas", "simd"} <= set(manifest["code"])
    assert len(manifest["runs"]) == 8
    marker = json.loads(next((root / "runs").glob(f"run=*/{MARKER}")).read_text())
    assert marker["simd"] == manifest["code"]["simd"]  # the worker's, here the same machine
    assert not (root / "_staging").exists()


def test_rows_equal_a_direct_run(sweep, tmp_path):
    from colony_sim.engine import Colony

    run_sweep(sweep, tmp_path, progress=False)
    run = sweep.runs[3]
    direct = Colony(run.config).run().colony_frame()
    stored = load_results(tmp_path / "small")
    stored = stored[stored["run_id"] == run.run_id][direct.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(stored, direct, check_dtype=False)


def test_resume_skips_finished_runs_and_redoes_unmarked_ones(sweep, tmp_path):
    run_sweep(sweep, tmp_path, progress=False)
    root = tmp_path / "small"
    reference = load_results(root)
    before = markers(root)
    # Simulate a crash: one partition lost its marker, one vanished, staging has debris.
    victim, gone = sweep.runs[0].run_id, sweep.runs[1].run_id
    (root / "runs" / f"run={victim}" / MARKER).unlink()
    for p in (root / "runs" / f"run={gone}").iterdir():
        p.unlink()
    (root / "runs" / f"run={gone}").rmdir()
    (root / "_staging" / "x").mkdir(parents=True)
    (root / "_staging" / "x" / "part-0.parquet").write_bytes(b"half")
    assert SweepStore(root).finished() == {r.run_id for r in sweep.runs} - {victim, gone}
    report = run_sweep(sweep, tmp_path, resume=True, progress=False)
    assert (report.skipped, report.done) == (6, 2)
    after = markers(root)
    for key, mtime in before.items():
        if key not in (f"run={victim}", f"run={gone}"):
            assert after[key] == mtime  # not redone
    pd.testing.assert_frame_equal(load_results(root), reference)


def test_existing_directory_needs_resume_and_the_same_design(sweep, tmp_path):
    run_sweep(sweep, tmp_path, progress=False)
    with pytest.raises(ConfigError) as info:
        run_sweep(sweep, tmp_path, progress=False)
    assert info.value.field == "--out" and "--resume" in info.value.reason
    changed = make_sweep(small_spec(seeds={"root": 99, "replicates": 2}))
    with pytest.raises(ConfigError) as info:
        run_sweep(changed, tmp_path, resume=True, progress=False)
    assert info.value.field == "--resume"
    report = run_sweep(sweep, tmp_path, resume=True, progress=False)
    assert (report.skipped, report.done) == (8, 0)


def test_a_failing_point_is_recorded_and_the_others_finish(tmp_path):
    spec = small_spec(runner=FAILING)
    spec["design"]["parameters"]["economy.price"] = [500, 666, 2000]
    sweep = make_sweep(spec)
    report = run_sweep(sweep, tmp_path, progress=False)
    bad = [r for r in sweep.runs if r.config.economy.price == 666]
    assert report.failed == len(bad) == 4 and report.done == 8
    root = tmp_path / "small"
    frame = load_results(root)
    assert set(frame["run_id"]) == {r.run_id for r in sweep.runs} - {r.run_id for r in bad}
    for run in bad:
        record = json.loads((root / "failed" / f"run={run.run_id}.json").read_text())
        assert record["params"]["economy_price"] == 666
        assert record["seed"] == run.seed
        assert "deliberate failure" in record["error"]
        assert "Traceback" in record["traceback"] and "fail_at_price_666" in record["traceback"]
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["status"] == "complete_with_failures"
    assert manifest["counts"]["failed"] == 4
    assert {f["run_id"] for f in manifest["failed"]} == {r.run_id for r in bad}


def test_a_runner_without_colony_table_fails_each_run(tmp_path):
    sweep = make_sweep(small_spec(runner="tests.unit.experiments.runners:returns_nothing"))
    report = run_sweep(sweep, tmp_path, progress=False)
    assert report.failed == 8 and "no 'colony' table" in report.failures[0][2]


def test_agent_rows_are_written_when_asked(tmp_path):
    sweep = make_sweep(small_spec(record_agents=True))
    run_sweep(sweep, tmp_path, progress=False)
    agents = load_results(tmp_path / "small", table="agents")
    assert {"agent_id", "iq", "economy_price", "run_id"} <= set(agents.columns)
    assert set(agents["run_id"]) == {r.run_id for r in sweep.runs}


@pytest.mark.slow
@pytest.mark.parametrize("executor", ["process", "dask"])
def test_parallel_executors_equal_serial(sweep, tmp_path, executor):
    run_sweep(sweep, tmp_path / "serial", progress=False)
    report = run_sweep(sweep, tmp_path / executor, executor=executor, workers=2,
                       progress=False, min_task_seconds=0.01)
    assert report.done == 8 and report.executor == f"{executor} x2"
    pd.testing.assert_frame_equal(
        load_results(tmp_path / executor / "small"), load_results(tmp_path / "serial" / "small"))


@pytest.mark.slow
@pytest.mark.parametrize("collect", [False, True])
def test_process_executor_records_failures(tmp_path, collect):
    spec = small_spec(runner=FAILING, record_agents=True)
    spec["design"]["parameters"]["economy.price"] = [666, 2000]
    sweep = make_sweep(spec)
    report = run_sweep(sweep, tmp_path / "p", executor="process", workers=2, progress=False,
                       collect=collect)
    assert (report.done, report.failed) == (4, 4)
    bad = next(r for r in sweep.runs if r.config.economy.price == 666)
    failed = tmp_path / "p" / "small" / "failed" / f"run={bad.run_id}.json"
    record = json.loads(failed.read_text())
    assert "deliberate failure" in record["traceback"]
    run_sweep(sweep, tmp_path / "s", progress=False)
    for table in ("colony", "agents"):
        pd.testing.assert_frame_equal(load_results(tmp_path / "p" / "small", table),
                                      load_results(tmp_path / "s" / "small", table))


def test_bad_executor_options_fail_before_any_run(sweep, tmp_path):
    with pytest.raises(ConfigError, match="unknown executor"):
        run_sweep(sweep, tmp_path, executor="threads", progress=False)
    with pytest.raises(ConfigError, match="needs --executor dask"):
        run_sweep(sweep, tmp_path, executor="process", scheduler="tcp://127.0.0.1:1",
                  progress=False)
    with pytest.raises(ConfigError, match="not an address"):
        run_sweep(sweep, tmp_path, executor="dask", scheduler="not an address", progress=False)
    assert not os.listdir(tmp_path)


@pytest.mark.slow
def test_a_run_that_kills_its_worker_fails_alone(tmp_path):
    spec = small_spec(runner="tests.unit.experiments.runners:crash_at_price_666")
    spec["design"]["parameters"]["economy.price"] = [500, 666, 2000]
    spec["seeds"]["replicates"] = 3
    sweep = make_sweep(spec)
    report = run_sweep(sweep, tmp_path, executor="process", workers=2, progress=False,
                       min_task_seconds=0.3)
    bad = {r.run_id for r in sweep.runs if r.config.economy.price == 666}
    assert report.failed == len(bad) == 6 and report.done == 12
    assert {f[0] for f in report.failures} == bad
    assert set(load_results(tmp_path / "small")["run_id"]) == {r.run_id for r in sweep.runs} - bad


def test_short_runs_are_batched_into_tasks_of_at_least_min_task_seconds(tmp_path):
    from colony_sim.experiments.executors import Backend

    class Counting(Backend):
        kind, batches, workers = "counting", True, 2

        def __init__(self):
            self.sizes = []

        def submit(self, fn, *args):
            self.sizes.append(len(args[3]))  # run_batch(root, runner, agents, runs, collect)
            return super().submit(fn, *args)

    spec = small_spec()
    spec["design"]["parameters"]["economy.price"] = list(range(500, 1500, 100))
    sweep = make_sweep(spec)  # 40 runs of a few ms each
    backend = Counting()
    report = run_sweep(sweep, tmp_path, executor=backend, progress=False, min_task_seconds=0.3)
    assert report.done == 40 and sum(backend.sizes) == 40
    assert backend.sizes[0] == 1  # run time not known yet
    assert max(backend.sizes) > 1  # then several short runs per task
    assert len(backend.sizes) <= 20
