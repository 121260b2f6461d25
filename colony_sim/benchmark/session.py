"""One benchmark run: a coder, a (possibly sampled) problem set, the runner, the IQ.

Every row carries the coder's ``kind``; validation coders (reference, empty,
mutant) are flagged in the rows and in the printed report, so a validation run is
never mistaken for a model's score.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from colony_sim.benchmark.coders import VALIDATION_KINDS, Coder, CoderError, NoSolution, Task
from colony_sim.benchmark.iq import IQEstimate, TierTally, estimate, sample_problems, tally
from colony_sim.benchmark.problemset import TIER_WEIGHTS, Problem
from colony_sim.benchmark.runner import Attempt, Limits, run_attempt


@dataclass(frozen=True)
class BenchRun:
    """Result of :func:`run_bench`.

    Attributes:
        run_id: Identifier used for the output directory.
        coder: Coder name.
        kind: Coder kind (``reference``, ``empty``, ``mutant``, ``dir``, ``llm``).
        seed: Seed of the sample (unused for a full run).
        attempts: One per problem run, in ``(tier, slug)`` order.
        tallies: Per-tier counts (``coder_error`` attempts left out).
        estimate: IQ and interval.
        seconds: Wall time.
        note: Extra line for the report (e.g. LLM token and cost accounting).
    """

    run_id: str
    coder: str
    kind: str
    seed: int
    attempts: tuple[Attempt, ...]
    tallies: tuple[TierTally, ...]
    estimate: IQEstimate
    seconds: float
    note: str = ""

    @property
    def validation(self) -> bool:
        """Whether this run only validates the machinery (no model was measured)."""
        return self.kind in VALIDATION_KINDS

    def rows(self) -> list[dict[str, object]]:
        """Tidy per-problem rows for Parquet."""
        return [{"run_id": self.run_id, "seed": self.seed, "coder": self.coder,
                 "coder_kind": self.kind, "validation": self.validation, "slug": a.slug,
                 "tier": a.tier, "passed": a.passed, "reason": a.reason, "detail": a.detail,
                 "seconds": a.seconds} for a in self.attempts]


def _attempt(coder: Coder, problem: Problem, limits: Limits | None) -> Attempt:
    start = time.perf_counter()
    try:
        source = coder.write(Task.from_problem(problem))
    except NoSolution as exc:
        return Attempt(problem.slug, problem.tier, False, "no_solution", str(exc), 0.0)
    except Exception as exc:  # noqa: BLE001  (a coder's failure is recorded, the run goes on)
        reason = "coder_error"
        detail = f"{type(exc).__name__}: {exc}" if not isinstance(exc, CoderError) else str(exc)
        return Attempt(problem.slug, problem.tier, False, reason, detail[:500],
                       round(time.perf_counter() - start, 3))
    return run_attempt(problem, source, limits)


def run_bench(coder: Coder, problems: Sequence[Problem], *, sample: int | None = None,
              seed: int = 0, jobs: int = 2, limits: Limits | None = None,
              progress: Callable[[Attempt], None] | None = None) -> BenchRun:
    """Run ``coder`` on ``problems`` (or a tier-weighted sample of them).

    Args:
        coder: The coder.
        problems: The population the IQ refers to.
        sample: Sample size; ``None`` runs every problem.
        seed: Seed of the sample.
        jobs: Attempts in parallel (the coder is called from the same threads).
        limits: Runner limits.
        progress: Called with each attempt as it finishes.

    Returns:
        The :class:`BenchRun`.
    """
    start = time.perf_counter()
    todo = (sample_problems(problems, sample, np.random.default_rng(seed))
            if sample is not None else sorted(problems, key=lambda p: (p.tier, p.slug)))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(_attempt, coder, p, limits) for p in todo]
        attempts = []
        for future in futures:
            attempts.append(future.result())
            if progress is not None:
                progress(attempts[-1])
    scored = [(a.tier, a.passed) for a in attempts if a.reason != "coder_error"]
    tallies = tally(problems, scored)
    run_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{coder.kind}-{uuid.uuid4().hex[:6]}"
    note = coder.summary() if hasattr(coder, "summary") else ""
    return BenchRun(run_id, coder.name, coder.kind, seed, tuple(attempts), tuple(tallies),
                    estimate(tallies), round(time.perf_counter() - start, 2), note)


def format_report(run: BenchRun) -> str:
    """Per-tier table, the IQ with its interval and the coder's label."""
    lines = [f"{'tier':>4}  {'weight':>6}  {'problems':>8}  {'run':>4}  {'passed':>6}  "
             f"{'rate':>5}"]
    for t in run.tallies:
        rate = f"{t.passed / t.attempted:5.2f}" if t.attempted else "    —"
        lines.append(f"{t.tier:>4}  {TIER_WEIGHTS[t.tier]:>6}  {t.population:>8}  "
                     f"{t.attempted:>4}  {t.passed:>6}  {rate}")
    reasons: dict[str, int] = {}
    for a in run.attempts:
        reasons[a.reason] = reasons.get(a.reason, 0) + 1
    est = run.estimate
    label = (f"{run.coder} (VALIDATION coder: checks the runner and the IQ arithmetic; "
             "no model was measured)" if run.validation else run.coder)
    lines += [
        "",
        f"coder: {label}",
        "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())),
        f"weighted pass rate: {est.pass_rate:.4f} "
        f"[{est.pass_low:.4f}, {est.pass_high:.4f}]",
        f"IQ {est.iq:.1f}  ({est.level:.0%} CI {est.iq_low:.1f}–{est.iq_high:.1f}"
        f"{', every problem ran' if est.census else ', tier-weighted sample'})",
        f"wall time: {run.seconds:.1f} s",
    ]
    if run.note:
        lines.append(run.note)
    return "\n".join(lines)


def write_results(run: BenchRun, root: Path) -> Path:
    """Write ``<root>/<run_id>/results.parquet``; returns its path."""
    import pandas as pd

    out = root / run.run_id
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.parquet"
    pd.DataFrame(run.rows()).to_parquet(path, index=False)
    return path
