import dataclasses
import shutil

import pytest

from colony_sim.benchmark import load_problems
from colony_sim.benchmark.strength import (
    MIN_KILL_RATE,
    check_all,
    check_problem,
    format_table,
    main,
    run_candidate,
    summarize,
)

PROBLEMS = {p.slug: p for p in load_problems()}


def test_check_problem_on_single_problem():
    row = check_problem(PROBLEMS["gray_code"], max_ast=3)
    assert row.reference_ok
    assert row.mutants_listed == 3 and row.mutants_killed == 3
    assert row.ast_mutants == 3 and row.ast_killed == 3
    assert row.kill_rate == 1.0
    assert row.ok


def test_starter_counts_as_listed_mutant():
    row = check_problem(PROBLEMS["rotate_list"], max_ast=1)
    assert row.mutants_listed == 4
    assert row.mutants_killed == 4


def test_broken_reference_is_reported(tmp_path):
    problem = PROBLEMS["gray_code"]
    copy = tmp_path / "gray_code"
    shutil.copytree(problem.path, copy)
    (copy / "reference.py").write_text("def gray_code(n):\n    return n\n", encoding="utf-8")
    row = check_problem(dataclasses.replace(problem, path=copy), max_ast=3)
    assert not row.reference_ok
    assert not row.ok
    assert row.ast_mutants == 0


def test_wrong_visible_example_fails_reference(tmp_path):
    problem = PROBLEMS["gray_code"]
    wrong = dataclasses.replace(problem.examples[0], result="99")
    bad = dataclasses.replace(problem, examples=(wrong,))
    assert not run_candidate(bad, problem.reference_path.read_text(), with_examples=True)
    assert run_candidate(problem, problem.reference_path.read_text(), with_examples=True)


def test_surviving_mutant_is_reported(tmp_path):
    problem = PROBLEMS["gray_code"]
    copy = tmp_path / "gray_code"
    shutil.copytree(problem.path, copy)
    (copy / "mutants" / "m1.py").write_text(problem.reference_path.read_text(), encoding="utf-8")
    row = check_problem(dataclasses.replace(problem, path=copy), max_ast=0)
    assert row.reference_ok
    assert row.mutants_killed == row.mutants_listed - 1
    assert "mutants/m1.py" in row.survivors


def test_timeout_counts_as_killed():
    problem = dataclasses.replace(PROBLEMS["gray_code"], timeout_s=1.0)
    assert not run_candidate(problem, "def gray_code(n):\n    while True:\n        pass\n")


def test_summary_and_table():
    rows = [check_problem(PROBLEMS["gray_code"], max_ast=2)]
    summaries = summarize(rows)
    assert len(summaries) == 1 and summaries[0].tier == 3 and summaries[0].ok
    table = format_table(summaries)
    assert "tier" in table and "AST rate" in table


def test_main_exit_code_on_one_problem(capsys):
    assert main(["--slug", "gray_code", "--max-ast", "2"]) == 0
    out = capsys.readouterr().out
    assert "wall time" in out


#: AST mutants per problem in CI: 60 problems x (listed + 12) subprocess runs fits in a few
#: minutes on two cores; the full check (40 per problem) is ``colony bench --check-problems``
#: and its figures are in benchmarks/RESULTS.md.
CI_MAX_AST = 12


@pytest.mark.slow
def test_full_problem_set_is_strong():
    rows = check_all(max_ast=CI_MAX_AST)
    assert len(rows) == 60
    failing = [(r.slug, r.survivors) for r in rows if not r.ok]
    assert not failing
    for summary in summarize(rows):
        assert summary.reference_pass == summary.problems
        assert summary.mutants_killed == summary.mutants_listed
        assert summary.kill_rate >= MIN_KILL_RATE, summary
