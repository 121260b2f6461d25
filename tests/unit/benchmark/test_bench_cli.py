"""``colony bench``: validation coders, IQ arithmetic, bad input, Parquet rows."""

import shutil

import pandas as pd
import pytest

from colony_sim.benchmark import load_problems
from colony_sim.benchmark.coders import (
    Coder,
    DirCoder,
    EmptyCoder,
    MutantCoder,
    ReferenceCoder,
    Task,
)
from colony_sim.benchmark.iq import iq_from_pass_rate
from colony_sim.benchmark.problemset import TIER_WEIGHTS
from colony_sim.benchmark.session import format_report, run_bench
from colony_sim.cli import main

PROBLEMS = load_problems()


def bench(capsys, *args):
    code = main(["bench", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_coders_follow_the_protocol_and_see_no_hidden_tests():
    problems = PROBLEMS[:3]
    for coder in (ReferenceCoder(problems), EmptyCoder(), MutantCoder(problems), DirCoder(".")):
        assert isinstance(coder, Coder)
    task = Task.from_problem(PROBLEMS[0])
    hidden = PROBLEMS[0].hidden_tests_path.read_text(encoding="utf-8")
    assert "def test_" not in task.prompt and hidden not in repr(task)


def test_mutant_iq_equals_the_hand_computation(tmp_path, capsys):
    tiers = [3, 6]
    code, out, _ = bench(capsys, "--coder", "mutant", "--tiers", "3,6", "--out", str(tmp_path))
    assert code == 0
    # MutantCoder passes 7 - t problems of tier t: 4 of tier 3, 1 of tier 6.
    by_hand = (3 * 4 + 8 * 1) / (3 * 10 + 8 * 10)
    assert by_hand == pytest.approx(sum(TIER_WEIGHTS[t] * (7 - t) for t in tiers)
                                    / sum(TIER_WEIGHTS[t] * 10 for t in tiers))
    assert f"IQ {iq_from_pass_rate(by_hand):.1f}" in out
    assert "VALIDATION coder" in out
    frame = pd.read_parquet(next(tmp_path.glob("*/results.parquet")))
    assert list(frame.columns[:3]) == ["run_id", "seed", "coder"]
    assert set(frame["coder_kind"]) == {"mutant"} and frame["validation"].all()
    assert len(frame) == 20 and frame["passed"].sum() == 5
    assert set(frame.loc[~frame["passed"], "reason"]) == {"wrong_answer"}


@pytest.mark.slow
@pytest.mark.parametrize(("coder", "iq"), [("reference", 150.0), ("empty", 85.0),
                                           ("mutant", iq_from_pass_rate(58 / 230))])
def test_full_validation_runs(tmp_path, capsys, coder, iq):
    code, out, _ = bench(capsys, "--coder", coder, "--out", str(tmp_path))
    assert code == 0 and f"IQ {iq:.1f}" in out
    frame = pd.read_parquet(next(tmp_path.glob("*/results.parquet")))
    assert len(frame) == 60
    if coder == "reference":
        assert frame["passed"].all()
        assert float(out.split("wall time: ")[1].split()[0]) <= 60


def test_sampled_run_reports_an_interval():
    run = run_bench(ReferenceCoder(PROBLEMS), [p for p in PROBLEMS if p.tier in (1, 2)],
                    sample=3, seed=4)
    assert len(run.attempts) == 3 and run.estimate.iq == 150
    assert run.estimate.iq_low < 150 and not run.estimate.census
    assert "tier-weighted sample" in format_report(run)


def test_dir_coder_scores_files_and_records_bad_ones(tmp_path):
    problems = [p for p in PROBLEMS if p.tier == 1][:4]
    a, b, c, _ = problems
    shutil.copy(a.reference_path, tmp_path / f"{a.slug}.py")
    (tmp_path / f"{b.slug}.py").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / f"{c.slug}.py").write_bytes(b"#" * (3 << 20))
    run = run_bench(DirCoder(tmp_path), problems)
    reasons = {x.slug: x.reason for x in run.attempts}
    assert reasons == {a.slug: "passed", b.slug: "invalid_source", c.slug: "invalid_source",
                       problems[3].slug: "no_solution"}
    assert run.kind == "dir" and not run.validation and "VALIDATION" not in format_report(run)


def test_a_coder_that_raises_is_recorded_and_left_out_of_the_score():
    class Broken:
        name, kind = "broken", "dir"

        def write(self, task):
            raise RuntimeError("boom")

    run = run_bench(Broken(), PROBLEMS[:2])
    assert {a.reason for a in run.attempts} == {"coder_error"}
    assert all(t.attempted == 0 for t in run.tallies)


def test_list_prints_ids_and_signatures(capsys):
    code, out, _ = bench(capsys, "--list")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 60
    assert lines[0].split("\t")[0] == PROBLEMS[0].slug and "def " in lines[0]


@pytest.mark.parametrize(("args", "field"), [
    (["--coder", "reference", "--tiers", "7"], "--tiers"),
    (["--coder", "reference", "--tiers", "one"], "--tiers"),
    (["--coder", "reference", "--sample", "2"], "--sample"),
    (["--coder", "gpt"], "--coder"),
    (["--coder", "dir:/no/such/dir"], "--coder"),
    (["--coder", "reference", "--jobs", "0"], "--jobs"),
    ([], "--coder"),
])
def test_bad_input_exits_2_with_one_line(capsys, args, field):
    with pytest.raises(SystemExit) as exc:
        main(["bench", *args])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and len(err.strip().splitlines()) == 1 and field in err


def test_malformed_problem_file_is_a_clear_error(tmp_path, capsys):
    source = next(p for p in PROBLEMS if p.tier == 1)
    target = tmp_path / "tier1" / source.slug
    shutil.copytree(source.path, target)
    (target / "problem.toml").write_text("slug = [broken", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["bench", "--coder", "reference", "--problems", str(tmp_path)])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "--problems" in err and "not valid TOML" in err


def test_llm_without_configuration_is_refused(capsys, monkeypatch):
    for name in ("COLONY_LLM_BASE_URL", "COLONY_LLM_MODEL", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit) as exc:
        main(["bench", "--coder", "llm", "--tiers", "1"])
    assert exc.value.code == 2 and "--coder" in capsys.readouterr().err
