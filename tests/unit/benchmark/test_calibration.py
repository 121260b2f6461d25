"""Item-response calibration: shipped prior, fit, the refit command, checks of a params file."""

import json

import numpy as np
import pytest

from colony_sim.benchmark import load_problems
from colony_sim.benchmark.calibration import (
    PARAMS_PATH,
    ItemParams,
    fit_rasch,
    load_params,
    main,
    pass_probability,
    prior_difficulty,
)
from colony_sim.errors import ConfigError


def test_shipped_params_cover_every_problem_with_the_sim_prior():
    params = {p.slug: p for p in load_params()}
    problems = load_problems()
    assert set(params) == {p.slug for p in problems}
    assert all(params[p.slug].b == pytest.approx(prior_difficulty(p.tier)) for p in problems)


def test_pass_probability_is_a_sigmoid():
    item = ItemParams("x", 1, 2.0, 0.5)
    assert pass_probability(0.5, item) == 0.5 and pass_probability(3, item) > 0.99


def test_fit_recovers_the_order_of_difficulties():
    rng = np.random.default_rng(0)
    true_b = {"easy": -1.5, "mid": 0.0, "hard": 1.5}
    runs, slugs, tiers, passed = [], [], [], []
    for run in range(60):
        skill = rng.normal()
        for slug, b in true_b.items():
            runs.append(f"r{run}")
            slugs.append(slug)
            tiers.append(3)
            passed.append(rng.random() < 1 / (1 + np.exp(-(skill - b))))
    params, skills = fit_rasch(runs, slugs, tiers, passed)
    fitted = {p.slug: p.b for p in params}
    assert fitted["easy"] < fitted["mid"] < fitted["hard"] and len(skills) == 60


def results(runs):
    """A results table like ``colony bench`` writes: ``runs`` maps run id → (coder, passes)."""
    import pandas as pd

    rows = []
    for run_id, (coder, passes) in runs.items():
        for p in load_params():
            ok = passes(p)
            rows.append({"run_id": run_id, "seed": 0, "coder": coder, "coder_kind": coder,
                         "validation": coder in ("reference", "empty", "mutant"),
                         "slug": p.slug, "tier": p.tier, "passed": ok,
                         "reason": "passed" if ok else "wrong_answer", "detail": "",
                         "seconds": 0.1})
    return pd.DataFrame(rows)


def test_refit_writes_params_the_sim_bench_then_uses(tmp_path, capsys):
    from colony_sim.sim import SimBench, SimBody

    shipped = PARAMS_PATH.read_bytes()
    # LLM runs fail every tier-1 problem and pass the rest: tier 1 fits harder than its
    # prior, the others easier (a shift of every problem alike would go into the runs'
    # skills instead). The table also holds a validation run, left out of the fit.
    runs = {f"llm{i}": ("llm", lambda p: p.tier > 1) for i in range(8)}
    runs["floor"] = ("empty", lambda p: False)
    results(runs).to_parquet(tmp_path / "results.parquet")
    out = tmp_path / "params.json"
    assert main([str(tmp_path / "results.parquet"), "--out", str(out)]) == 0
    assert "from 8 runs" in capsys.readouterr().out
    assert PARAMS_PATH.read_bytes() == shipped
    fitted = load_params(out)
    assert len(fitted) == 60
    assert all((p.b > prior_difficulty(1) + 2) if p.tier == 1 else (p.b < prior_difficulty(p.tier))
               for p in fitted)

    def mean_iq(bench):
        return np.mean([bench.run(6).value for _ in range(300)])

    def agent():
        return SimBody(skills=np.zeros(9), rng=np.random.default_rng(0))

    assert mean_iq(SimBench(agent(), out)) > mean_iq(SimBench(agent())) + 3


def test_validation_runs_are_fitted_only_when_asked(tmp_path, capsys):
    from colony_sim.benchmark.coders import MutantCoder

    mutant = MutantCoder(load_problems())
    results({"m": ("mutant", lambda p: mutant.expects_pass(p.slug, p.tier))}).to_parquet(
        tmp_path / "r.parquet")
    out = tmp_path / "params.json"
    assert main([str(tmp_path / "r.parquet"), "--out", str(out)]) == 2
    assert "--include-validation" in capsys.readouterr().err and not out.exists()
    assert main([str(tmp_path / "r.parquet"), "--out", str(out), "--include-validation"]) == 0
    for p in load_params(out):  # the mutant's passes fit easier than its failures
        assert (p.b < prior_difficulty(p.tier)) == mutant.expects_pass(p.slug, p.tier)


GOOD = {"slug": "x", "tier": 1, "a": 1.0, "b": 0.0}


@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"a": None}, "a", "missing"),
    ({"colour": 1}, "colour", "unknown field"),
    ({"tier": 7}, "tier", "one of 1-6"),
    ({"tier": "3"}, "tier", "one of 1-6"),
    ({"a": float("nan")}, "a", "finite"),
    ({"b": float("inf")}, "b", "finite"),
    ({"b": "hard"}, "b", "finite"),
    ({"a": 0.0}, "a", "positive"),
    ({"a": -1.0}, "a", "positive"),
    ({"slug": ""}, "slug", "non-empty"),
])
def test_bad_params_file_names_the_field(tmp_path, change, field, reason):
    row = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    path = tmp_path / "p.json"
    path.write_text(json.dumps([GOOD | {"slug": "y"}, row]))
    with pytest.raises(ConfigError, match=rf"p\.json\[1\]\.{field}: .*{reason}"):
        load_params(path)


def test_repeated_slug_and_empty_file_are_refused(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([GOOD, GOOD]))
    with pytest.raises(ConfigError, match=r"\[1\]\.slug: 'x' appears twice"):
        load_params(path)
    path.write_text("[]")
    with pytest.raises(ConfigError, match="non-empty"):
        load_params(path)


def test_a_refit_without_out_goes_beside_the_runs_not_into_the_package(
    tmp_path, monkeypatch, capsys
):
    shipped = PARAMS_PATH.read_bytes()
    results({f"llm{i}": ("llm", lambda p: p.tier > 2) for i in range(4)}).to_parquet(
        tmp_path / "r.parquet")
    monkeypatch.chdir(tmp_path)
    assert main(["r.parquet"]) == 0
    assert "bench_items: data/bench/item_params.json" in capsys.readouterr().out
    assert len(load_params(tmp_path / "data/bench/item_params.json")) == 60
    assert PARAMS_PATH.read_bytes() == shipped
