"""Sweep benchmark: executors, parallel efficiency, driver memory, rows written per second.

    .venv/bin/python benchmarks/sweeps.py            # 200 small colony runs (~1-2 min)
    .venv/bin/python benchmarks/sweeps.py --runs 40  # a quick look

Prints, from one invocation:
1. wall time of the same 200-run sweep on the serial, process and Dask LocalCluster
   executors, and parallel efficiency = serial / (parallel x workers);
2. the driver's RSS when 50, 100 and 200 runs are finished (and its peak), sampled by a
   thread while the process executor runs the sweep: flat means nothing accumulates;
3. rows written per second: end to end on the colony sweep, and on the result path
   alone with a runner that returns a precomputed 20,000-row frame per run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

from colony_sim.experiments import load_results, make_sweep, run_sweep
from colony_sim.experiments.executors import open_backend

SYNTHETIC_ROWS = 20_000


def synthetic_rows(config, record_agents):
    """A runner whose 'simulation' is free: it measures the result path only."""
    rng = np.random.default_rng(config.seed)
    n = SYNTHETIC_ROWS
    frame = pd.DataFrame({
        "run_id": "x", "seed": config.seed, "time": np.arange(n, dtype=float),
        "population": rng.integers(0, 100, n), "wealth_mean": rng.random(n),
        "F": rng.random(n), "revenue": rng.integers(0, 10_000, n),
    })
    return {"colony": frame}


def spec(name: str, runs: int, runner: str | None = None) -> dict:
    replicates = 4
    points = max(1, runs // replicates)
    prices = [500 + 100 * i for i in range(points)]
    out = {
        "name": name,
        "base": {"agents": 10, "until": 3600.0, "sample_period": 300.0},
        "design": {"kind": "grid", "parameters": {"economy.price": prices}},
        "seeds": {"root": 1, "replicates": replicates},
    }
    if runner:
        out["runner"] = runner
    return out


def bare_runs(configs) -> int:
    """Run configs with no sweep machinery (no writing): the machine's own ceiling."""
    from colony_sim.engine import Colony

    return sum(len(Colony(c).run().colony_frame()) for c in configs)


def bare_speedup(sweep, workers: int) -> tuple[float, float, float, float]:
    """Wall and CPU seconds of the bare runs in one process, then over ``workers``."""
    from concurrent.futures import ProcessPoolExecutor

    configs = [r.config for r in sweep.runs]
    t, c = time.perf_counter(), time.process_time()
    bare_runs(configs)
    one, one_cpu = time.perf_counter() - t, time.process_time() - c
    chunks = [configs[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        # Workers up before the clock starts; tasks that overlap make the pool start them
        # all (Python 3.11 reuses an idle worker instead of starting another).
        list(pool.map(time.sleep, [0.3] * workers))
        cpu0, t = cpu_seconds(), time.perf_counter()
        list(pool.map(bare_runs, chunks))
        many = time.perf_counter() - t
        cpu1 = cpu_seconds()
    many_cpu = sum(v - cpu0.get(pid, 0.0) for pid, v in cpu1.items())
    return one, many, one_cpu, many_cpu


class RssWatcher(threading.Thread):
    """Samples this process's RSS; notes it when the sweep reaches given run counts."""

    def __init__(self, runs_dir: Path, marks: list[int]) -> None:
        super().__init__(daemon=True)
        self.runs_dir, self.marks = runs_dir, sorted(marks)
        self.at: dict[int, float] = {}
        self.peak = 0.0
        self.stop = threading.Event()
        self.proc = psutil.Process()

    def run(self) -> None:
        while not self.stop.is_set():
            rss = self.proc.memory_info().rss / 2**20
            self.peak = max(self.peak, rss)
            done = len(os.listdir(self.runs_dir)) if self.runs_dir.is_dir() else 0
            for m in self.marks:
                if done >= m and m not in self.at:
                    self.at[m] = rss
            time.sleep(0.02)


def cpu_seconds() -> dict[int, float]:
    """CPU seconds (user + system) of this process and each of its descendants."""
    me = psutil.Process()
    out = {}
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return out


def timed(sweep, out: Path, executor: str, workers: int) -> tuple[dict[str, float], object]:
    """Seconds to open the executor, run the sweep and close it; CPU seconds of the sweep
    (driver and workers); and the sweep's report."""
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    backend = open_backend(executor, workers=workers)
    t1 = time.perf_counter()
    cpu0 = cpu_seconds()
    report = run_sweep(sweep, out, executor=backend, progress=False)
    cpu1 = cpu_seconds()
    t2 = time.perf_counter()
    backend.close()
    t3 = time.perf_counter()
    cpu = sum(v - cpu0.get(pid, 0.0) for pid, v in cpu1.items())
    return {"open": t1 - t0, "sweep": t2 - t1, "close": t3 - t2, "total": t3 - t0,
            "cpu": cpu}, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds over the executors; the fastest of each is kept")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # workers import `sweeps`
    tmp = Path(tempfile.mkdtemp(prefix="sweep-bench-"))
    n, w = args.runs, args.workers
    sweep = make_sweep(spec("bench", n))
    print(f"# sweep benchmark: {len(sweep.runs)} colony runs (agents=10, until=1 h), "
          f"{w} workers, {os.cpu_count()} cores, python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.2f} (other work on the machine skews wall times)")

    walls: dict[str, dict[str, float]] = {}
    watcher = None
    for round_ in range(args.repeat):
        for executor in ("serial", "process", "dask"):
            if executor == "process" and round_ == 0:
                watcher = RssWatcher(tmp / executor / "bench" / "runs", [n // 4, n // 2, n])
                watcher.start()
            t, report = timed(sweep, tmp / executor, executor, w)
            if executor == "process" and round_ == 0:
                watcher.stop.set()
                watcher.join()
            assert report.done == len(sweep.runs) and not report.failed, report
            if executor not in walls or t["sweep"] < walls[executor]["sweep"]:
                walls[executor] = t
    same = all(load_results(tmp / e / "bench").equals(load_results(tmp / "serial" / "bench"))
               for e in ("process", "dask"))
    rows = report.rows
    print(f"\n## executors (fastest of {args.repeat} rounds, seconds; "
          "efficiency = serial / (time x workers))")
    print(f"{'executor':<9}{'start':>7}{'sweep':>8}{'stop':>7}{'runs/s':>8}"
          f"{'speed-up':>10}{'efficiency':>12}{'eff. incl. start/stop':>23}"
          f"{'CPU s':>8}{'CPU eff.':>10}")
    base = walls["serial"]["sweep"]
    for e, t in walls.items():
        k = 1 if e == "serial" else w
        print(f"{e:<9}{t['open']:>7.2f}{t['sweep']:>8.2f}{t['close']:>7.2f}{n / t['sweep']:>8.1f}"
              f"{base / t['sweep']:>10.2f}{base / (t['sweep'] * k):>12.0%}"
              f"{base / (t['total'] * k):>23.0%}{t['cpu']:>8.2f}"
              f"{walls['serial']['cpu'] / t['cpu']:>10.0%}")
    print("(CPU eff. = the serial sweep's CPU seconds / this sweep's, driver and workers: "
          "the share of work that is runs, whatever else the machine is doing)")
    print(f"results identical across executors: {same}")
    one, many, one_cpu, many_cpu = bare_speedup(sweep, w)
    print(f"machine ceiling, the same runs with no sweep machinery and no writing: "
          f"1 process {one:.2f} s ({one_cpu:.2f} CPU s), {w} processes {many:.2f} s "
          f"({many_cpu:.2f} CPU s) -> speed-up {one / many:.2f}, efficiency {one / (many * w):.0%}")
    best = min(walls["process"]["sweep"], walls["dask"]["sweep"])
    print(f"best sweep speed-up relative to that ceiling: {(base / best) / (one / many):.0%}; "
          f"process sweep CPU vs bare {w}-process CPU: {many_cpu / walls['process']['cpu']:.0%}")

    print("\n## driver memory (process executor, RSS of the driver)")
    for m in sorted(watcher.at):
        print(f"after {m:>5} runs: {watcher.at[m]:7.1f} MiB")
    print(f"peak during the sweep: {watcher.peak:7.1f} MiB")

    print("\n## rows written per second")
    rates = ", ".join(f"{e} {rows / t['sweep']:,.0f}" for e, t in walls.items())
    print(f"colony sweep end to end ({rows:,} rows): {rates} rows/s (bounded by the simulation)")
    synth = make_sweep(spec("synthetic", n, runner="sweeps:synthetic_rows"))
    for executor in ("serial", "process"):
        t, rep = timed(synth, tmp / f"synthetic-{executor}", executor, w)
        print(f"result path, {executor:<8} ({rep.rows:,} rows in {len(synth.runs)} partitions): "
              f"{rep.rows / t['sweep']:,.0f} rows/s")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
