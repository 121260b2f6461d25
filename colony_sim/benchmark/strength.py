"""Measure the strength of the hidden tests.

For every problem the reference solution must pass the hidden tests and satisfy
the visible examples; every hand-written mutant (and, for tier 2, the buggy
starter) must fail them; and automatically generated AST mutants must be
killed at a rate of at least :data:`MIN_KILL_RATE` per tier.

Each candidate runs in its own subprocess (``python -m pytest -q -x -p
no:cacheprovider``) inside a fresh temporary directory holding the candidate as
``solution.py`` next to a copy of ``test_hidden.py``.  A run that exceeds its
wall-clock limit counts as a failure (the mutant is killed).  The reference
gets the problem's full ``timeout_s``; mutants get ``MUTANT_SLOWDOWN`` times
the reference's own wall time (at least ``MIN_MUTANT_TIMEOUT_S``, at most
``timeout_s``), so infinite-loop mutants do not dominate the run time; a mutant that
times out is rerun once with ``timeout_s`` (or twice the reference's time on a machine
so loaded that this is longer) before it counts as killed.

Run ``python -m colony_sim.benchmark.strength`` for the per-tier table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from colony_sim.benchmark.mutation import generate_mutants, sample_mutants
from colony_sim.benchmark.problemset import Problem, load_problems

#: Minimum fraction of AST mutants each tier's hidden tests must kill.
MIN_KILL_RATE = 0.90
#: Default cap on AST mutants run per problem (spread evenly over the source).
DEFAULT_MAX_AST = 40
#: A mutant may take this many times the reference's wall time before it is killed.
MUTANT_SLOWDOWN = 5.0
#: A reference check (``with_examples``) may take this many times ``timeout_s``: it only has
#: to be right, and a loaded machine's slow interpreter start-up must not fail it.
REFERENCE_TIMEOUT_FACTOR = 6.0
#: A timed-out mutant is run once more with ``max(timeout_s, this × the reference's time)``.
RETRY_TIMEOUT_FACTOR = 2.0
#: Lower bound on the mutant time limit, in seconds.
MIN_MUTANT_TIMEOUT_S = 3.0

_EXAMPLES_TEST = '''\
import ast

import solution

EXAMPLES = {examples!r}


def test_visible_examples():
    namespace = {{{entry!r}: getattr(solution, {entry!r})}}
    for call, result in EXAMPLES:
        assert eval(call, namespace) == ast.literal_eval(result), call
'''


@dataclass(frozen=True)
class CheckRow:
    """Strength-check outcome for one problem.

    Attributes:
        slug: Problem slug.
        tier: Problem tier.
        reference_ok: Reference passes the hidden tests and the visible examples.
        mutants_listed: Hand-written mutants, plus the starter for tier 2.
        mutants_killed: How many of those fail the hidden tests.
        ast_mutants: AST mutants run (after exclusions and sampling).
        ast_killed: How many of those fail the hidden tests.
        kill_rate: ``ast_killed / ast_mutants`` (1.0 when none were run).
        survivors: Names of listed mutants and AST mutants that passed.
        seconds: Wall time spent on this problem.
    """

    slug: str
    tier: int
    reference_ok: bool
    mutants_listed: int
    mutants_killed: int
    ast_mutants: int
    ast_killed: int
    kill_rate: float
    survivors: tuple[str, ...] = field(default=(), compare=False)
    seconds: float = field(default=0.0, compare=False)

    @property
    def ok(self) -> bool:
        """Whether the reference passes and every listed mutant is killed."""
        return self.reference_ok and self.mutants_killed == self.mutants_listed


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONPATH", None)
    return env


PASSED, FAILED, TIMED_OUT = "passed", "failed", "timed out"


def run_candidate(problem: Problem, source: str, *, with_examples: bool = False,
                  timeout_s: float | None = None) -> bool:
    """Whether ``source`` passes the hidden tests in time (see :func:`candidate_verdict`)."""
    return candidate_verdict(problem, source, with_examples=with_examples,
                             timeout_s=timeout_s) == PASSED


def candidate_verdict(problem: Problem, source: str, *, with_examples: bool = False,
                      timeout_s: float | None = None) -> str:
    """Run the hidden tests against one candidate solution.

    Args:
        problem: The problem whose hidden tests are used.
        source: Candidate source, written as ``solution.py``.
        with_examples: Also assert the visible examples (used for references).
        timeout_s: Wall-clock limit; defaults to ``problem.timeout_s`` (times
            ``REFERENCE_TIMEOUT_FACTOR`` when ``with_examples``).

    Returns:
        :data:`PASSED`, :data:`FAILED` or :data:`TIMED_OUT`.
    """
    with tempfile.TemporaryDirectory(prefix=f"bench-{problem.slug}-") as tmp:
        work = Path(tmp)
        (work / "solution.py").write_text(source, encoding="utf-8")
        shutil.copyfile(problem.hidden_tests_path, work / "test_hidden.py")
        targets = ["test_hidden.py"]
        if with_examples:
            examples = [(e.call, e.result) for e in problem.examples]
            text = _EXAMPLES_TEST.format(examples=examples, entry=problem.entry_point)
            (work / "test_examples.py").write_text(text, encoding="utf-8")
            targets.append("test_examples.py")
        default = problem.timeout_s * (REFERENCE_TIMEOUT_FACTOR if with_examples else 1.0)
        cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
               "--rootdir", tmp, "-c", os.devnull, *targets]
        try:
            proc = subprocess.run(cmd, cwd=work, env=_clean_env(), capture_output=True,
                                  timeout=timeout_s or default, check=False)
        except subprocess.TimeoutExpired:
            return TIMED_OUT
        return PASSED if proc.returncode == 0 else FAILED


def mutant_survives(
    problem: Problem, source: str, limit: float, retry: float | None = None
) -> bool:
    """Whether a mutant passes the hidden tests.

    A mutant gets ``limit`` seconds; one that times out is run once more with ``retry``
    seconds (default: the problem's ``timeout_s``) when that is longer, so a loaded
    machine's slowness never counts as a kill: only a mutant that is wrong, or slow
    beyond the retry limit, is killed.
    """
    verdict = candidate_verdict(problem, source, timeout_s=limit)
    retry = problem.timeout_s if retry is None else retry
    if verdict == TIMED_OUT and retry > limit:
        verdict = candidate_verdict(problem, source, timeout_s=retry)
    return verdict == PASSED


def check_problem(problem: Problem, *, max_ast: int | None = DEFAULT_MAX_AST) -> CheckRow:
    """Check one problem's reference, listed mutants and AST mutants.

    Args:
        problem: The problem to check.
        max_ast: Cap on AST mutants (evenly sampled); ``None`` runs all of them.

    Returns:
        A :class:`CheckRow`; AST mutants are skipped when the reference fails.
    """
    start = time.perf_counter()
    reference = problem.reference_path.read_text(encoding="utf-8")
    reference_ok = run_candidate(problem, reference, with_examples=True)
    reference_s = time.perf_counter() - start
    limit = min(problem.timeout_s, max(MIN_MUTANT_TIMEOUT_S, MUTANT_SLOWDOWN * reference_s))
    # A timed-out mutant's second chance: the problem's limit, or more on a machine so
    # loaded that the reference itself took over half of it (a child pytest alone can
    # take 4-7 s to start there).
    retry = max(problem.timeout_s, RETRY_TIMEOUT_FACTOR * reference_s)

    listed = [(p.relative_to(problem.path).as_posix(), p) for p in problem.mutant_paths]
    if problem.starter_path is not None:
        listed.append(("starter.py", problem.starter_path))
    survivors = [name for name, path in listed
                 if mutant_survives(problem, path.read_text(encoding="utf-8"), limit, retry)]

    ast_total = ast_killed = 0
    if reference_ok:
        excluded = set(problem.equivalent_mutants)
        candidates = [m for m in generate_mutants(reference) if m.description not in excluded]
        for mutant in sample_mutants(candidates, max_ast):
            ast_total += 1
            if mutant_survives(problem, mutant.source, limit, retry):
                survivors.append(f"ast {mutant.description}")
            else:
                ast_killed += 1
    return CheckRow(
        slug=problem.slug,
        tier=problem.tier,
        reference_ok=reference_ok,
        mutants_listed=len(listed),
        mutants_killed=len(listed) - sum(1 for s in survivors if not s.startswith("ast ")),
        ast_mutants=ast_total,
        ast_killed=ast_killed,
        kill_rate=ast_killed / ast_total if ast_total else 1.0,
        survivors=tuple(survivors),
        seconds=time.perf_counter() - start,
    )


def check_all(problems: list[Problem] | None = None, *, workers: int = 2,
              max_ast: int | None = DEFAULT_MAX_AST,
              progress: Callable[[CheckRow], None] | None = None) -> list[CheckRow]:
    """Check many problems in parallel.

    Args:
        problems: Problems to check; defaults to the bundled problem set.
        workers: Number of problems checked concurrently.
        max_ast: Cap on AST mutants per problem (see :func:`check_problem`).
        progress: Called with each row as soon as its problem is done.

    Returns:
        One row per problem, in ``(tier, slug)`` order.
    """
    todo = load_problems() if problems is None else list(problems)
    rows = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(check_problem, p, max_ast=max_ast) for p in todo]
        for future in as_completed(futures):
            rows.append(future.result())
            if progress is not None:
                progress(rows[-1])
    return sorted(rows, key=lambda r: (r.tier, r.slug))


@dataclass(frozen=True)
class TierSummary:
    """Aggregate of :class:`CheckRow` values for one tier."""

    tier: int
    problems: int
    reference_pass: int
    mutants_listed: int
    mutants_killed: int
    ast_mutants: int
    ast_killed: int

    @property
    def kill_rate(self) -> float:
        """AST kill rate over the whole tier (1.0 when no mutants ran)."""
        return self.ast_killed / self.ast_mutants if self.ast_mutants else 1.0

    @property
    def ok(self) -> bool:
        """Whether the tier meets every strength requirement."""
        return (self.reference_pass == self.problems
                and self.mutants_killed == self.mutants_listed
                and self.kill_rate >= MIN_KILL_RATE)


def summarize(rows: list[CheckRow]) -> list[TierSummary]:
    """Aggregate rows per tier.

    Args:
        rows: Rows from :func:`check_all`.

    Returns:
        One summary per tier present, in tier order.
    """
    out = []
    for tier in sorted({r.tier for r in rows}):
        tier_rows = [r for r in rows if r.tier == tier]
        out.append(TierSummary(
            tier=tier,
            problems=len(tier_rows),
            reference_pass=sum(r.reference_ok for r in tier_rows),
            mutants_listed=sum(r.mutants_listed for r in tier_rows),
            mutants_killed=sum(r.mutants_killed for r in tier_rows),
            ast_mutants=sum(r.ast_mutants for r in tier_rows),
            ast_killed=sum(r.ast_killed for r in tier_rows),
        ))
    return out


def format_table(summaries: list[TierSummary]) -> str:
    """Render tier summaries as a fixed-width text table.

    Args:
        summaries: Output of :func:`summarize`.

    Returns:
        The table, one line per tier plus header and total.
    """
    lines = [f"{'tier':>4}  {'problems':>8}  {'ref pass':>8}  {'listed killed':>13}  "
             f"{'AST killed':>10}  {'AST rate':>8}  ok"]
    for s in summaries:
        lines.append(f"{s.tier:>4}  {s.problems:>8}  {s.reference_pass:>8}  "
                     f"{s.mutants_killed:>6}/{s.mutants_listed:<6}  "
                     f"{s.ast_killed:>4}/{s.ast_mutants:<5}  {s.kill_rate:>8.3f}  "
                     f"{'yes' if s.ok else 'NO'}")
    total = TierSummary(0, *(sum(getattr(s, f) for s in summaries) for f in (
        "problems", "reference_pass", "mutants_listed", "mutants_killed",
        "ast_mutants", "ast_killed")))
    lines.append(f"{'all':>4}  {total.problems:>8}  {total.reference_pass:>8}  "
                 f"{total.mutants_killed:>6}/{total.mutants_listed:<6}  "
                 f"{total.ast_killed:>4}/{total.ast_mutants:<5}  {total.kill_rate:>8.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints the per-tier table.

    Args:
        argv: Arguments (defaults to ``sys.argv[1:]``).

    Returns:
        0 if every tier is ok, else 1.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", type=int, action="append", help="only these tiers")
    parser.add_argument("--slug", action="append", help="only these problems")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-ast", type=int, default=DEFAULT_MAX_AST,
                        help="AST mutants per problem (0 = all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="per-problem rows")
    args = parser.parse_args(argv)

    problems = [p for p in load_problems()
                if (not args.tier or p.tier in args.tier)
                and (not args.slug or p.slug in args.slug)]
    def report(row: CheckRow) -> None:
        if args.verbose or not row.ok or row.kill_rate < MIN_KILL_RATE:
            print(f"t{row.tier} {row.slug:<24} ref={'ok' if row.reference_ok else 'FAIL'} "
                  f"listed={row.mutants_killed}/{row.mutants_listed} "
                  f"ast={row.ast_killed}/{row.ast_mutants} ({row.kill_rate:.2f}) "
                  f"{row.seconds:.1f}s", flush=True)
            for name in row.survivors:
                print(f"    survived: {name}", flush=True)

    start = time.perf_counter()
    rows = check_all(problems, workers=args.workers, max_ast=args.max_ast or None,
                     progress=report)
    elapsed = time.perf_counter() - start
    summaries = summarize(rows)
    print(format_table(summaries))
    print(f"wall time: {elapsed:.1f}s")
    return 0 if summaries and all(s.ok for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
