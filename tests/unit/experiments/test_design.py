import json

import numpy as np
import pytest

from colony_sim.errors import ConfigError
from colony_sim.experiments import load_sweep, make_sweep, replicate_seeds
from colony_sim.experiments.design import DEFAULT_RUNNER, resolve_runner

from .conftest import small_spec


def design(kind="grid", samples=None, **parameters):
    d = {"kind": kind, "parameters": parameters}
    if samples is not None:
        d["samples"] = samples
    return small_spec(design=d)


def test_grid_is_the_cartesian_product_times_replicates(sweep):
    assert sweep.points == 4 and len(sweep.runs) == 8
    points = {r.params for r in sweep.runs}
    assert points == {(("economy_price", p), ("cognition_share_period", s))
                      for p in (500, 2000) for s in (0, 5)}
    assert all(r.config.seed == r.seed for r in sweep.runs)
    assert len({r.run_id for r in sweep.runs}) == 8


def test_zip_pairs_values_position_by_position():
    s = make_sweep(design("zip", **{"economy.price": [500, 900], "agents": [3, 6]}))
    assert [dict(r.params) for r in s.runs if r.replicate == 0] == [
        {"economy_price": 500, "agents": 3}, {"economy_price": 900, "agents": 6}]


def test_zip_needs_equal_lengths():
    with pytest.raises(ConfigError, match="equal lengths"):
        make_sweep(design("zip", **{"economy.price": [500, 900], "agents": [3]}))


def test_ranges_for_grids_round_integer_fields():
    s = make_sweep(design(**{"economy.price": {"min": 100, "max": 200, "num": 3},
                             "jitter": {"min": 0.1, "max": 0.3, "step": 0.1}}))
    prices = sorted({dict(r.params)["economy_price"] for r in s.runs})
    jitters = sorted({dict(r.params)["jitter"] for r in s.runs})
    assert prices == [100, 150, 200] and all(isinstance(p, int) for p in prices)
    assert jitters == [0.1, 0.2, 0.3]


@pytest.mark.parametrize("kind", ["random", "lhs"])
def test_sampled_designs_are_deterministic_and_in_range(kind):
    params = {"economy.initial_balance": {"min": 1000, "max": 100000, "log": True},
              "skill_mean": {"min": -1, "max": 1}}
    a = make_sweep(design(kind, samples=20, **params))
    b = make_sweep(design(kind, samples=20, **params))
    assert [r.run_id for r in a.runs] == [r.run_id for r in b.runs]
    values = np.array([[v for _, v in r.params] for r in a.runs if r.replicate == 0])
    assert values.shape == (20, 2)
    assert (values[:, 0] >= 1000).all() and (values[:, 0] <= 100000).all()
    assert (values[:, 1] >= -1).all() and (values[:, 1] <= 1).all()


def test_latin_hypercube_has_one_point_per_stratum():
    s = make_sweep(design("lhs", samples=10, skill_mean={"min": 0, "max": 1},
                          jitter={"min": 0, "max": 0.5}))
    for j, width in ((0, 1.0), (1, 0.5)):
        vals = [r.params[j][1] for r in s.runs if r.replicate == 0]
        strata = sorted(int(v / width * 10) for v in vals)
        assert strata == list(range(10))


def test_sweeping_initial_state_fields():
    s = make_sweep(design(agents=[2, 3], **{"economy.initial_balance": [10, 20]}))
    assert {r.config.agents for r in s.runs} == {2, 3}
    assert {r.config.economy.initial_balance for r in s.runs} == {10, 20}


def test_replicate_seeds_come_from_the_root_and_are_stable():
    assert replicate_seeds(11, 5)[:3] == replicate_seeds(11, 3)
    assert replicate_seeds(11, 3) != replicate_seeds(12, 3)
    s = make_sweep(small_spec())
    assert sorted({r.seed for r in s.runs}) == sorted(replicate_seeds(11, 2))


def test_spec_hash_tracks_the_design(sweep):
    assert sweep.spec_hash() == make_sweep(small_spec()).spec_hash()
    other = make_sweep(small_spec(seeds={"root": 12, "replicates": 2}))
    assert other.spec_hash() != sweep.spec_hash()


@pytest.mark.parametrize(
    ("spec", "field", "reason"),
    [
        (design(**{"economy.prize": [1, 2]}), "design.parameters.economy.prize", "unknown"),
        (design(bogus=[1]), "design.parameters.bogus", "unknown"),
        (design(economy=[1]), "design.parameters.economy", "section"),
        (design(seed=[1, 2]), "design.parameters.seed", "seeds"),
        (design(), "design.parameters", "empty design"),
        (design(**{"economy.price": []}), "design.parameters.economy.price", "empty"),
        (design(**{"economy.price": {"min": 5, "max": 3, "num": 2}}),
         "design.parameters.economy.price", "min (5) > max (3)"),
        (design("lhs", samples=4, jitter={"min": 0.5, "max": 0.1}),
         "design.parameters.jitter", "min"),
        (design(**{"economy.price": [-1, 5]}), "design.parameters.economy.price", "greater than 0"),
        (design(**{"economy.price": [1.5]}), "design.parameters.economy.price", "integer"),
        (design(**{"economy.price": [5, 5]}), "design.parameters", "same"),
        (design("lhs", jitter={"min": 0, "max": 0.5}), "design.samples", "required"),
        (design(jitter={"min": 0, "max": 0.5}), "design.parameters.jitter", "num or step"),
        (design(jitter={"min": 0, "max": 0.5, "nun": 3}), "design.parameters.jitter.nun",
         "unknown key"),  # was "Input should be a valid list", the other member of the union
        (small_spec(base={"agentz": 3}), "base.agentz", "unknown"),
        (small_spec(seeds={"root": 1, "replicates": 0}), "seeds.replicates", "greater"),
        (small_spec(extra=1), "extra", "unknown key"),
        (small_spec(runner="nocolon"), "runner", "module:function"),
        (small_spec(name="bad name!"), "name", "pattern"),
        (design(jitter={"min": float("nan"), "max": 0.5, "num": 3}),
         "design.parameters.jitter.min", "finite"),
        (design(**{"economy.demand_rate": [0.1, float("inf")]}),
         "design.parameters.economy.demand_rate", "finite"),
    ],
)
def test_bad_designs_name_the_field(spec, field, reason):
    with pytest.raises(ConfigError) as info:
        make_sweep(spec)
    assert info.value.field == field
    assert reason in info.value.reason
    assert "\n" not in str(info.value)


def test_load_yaml_toml_json(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "name: y\ndesign:\n  parameters:\n    economy.price: [500, 1000]\n"
        "    cognition.learning_rate: {min: 1e-3, max: 1e-1, num: 3, log: true}\n")
    (tmp_path / "s.toml").write_text(
        'name = "t"\n[design.parameters]\n"economy.price" = [500, 1000]\n')
    (tmp_path / "s.json").write_text(json.dumps(small_spec(name="j")))
    assert len(load_sweep(tmp_path / "s.yaml").runs) == 6
    assert len(load_sweep(tmp_path / "s.toml").runs) == 2
    assert len(load_sweep(tmp_path / "s.json").runs) == 8
    with pytest.raises(ConfigError, match="cannot read"):
        load_sweep(tmp_path / "missing.yaml")
    (tmp_path / "bad.yaml").write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match="malformed"):
        load_sweep(tmp_path / "bad.yaml")


def test_shipped_examples_are_valid():
    from importlib.resources import files

    examples = files("colony_sim.experiments") / "examples"
    names = [p.name for p in examples.iterdir() if p.name.endswith(".yaml")]
    assert "price_x_sharing.yaml" in names
    assert names
    for name in names:
        assert load_sweep(str(examples / name)).runs


def test_runner_is_resolved_by_import_path():
    assert callable(resolve_runner(DEFAULT_RUNNER))
    with pytest.raises(ConfigError, match="cannot import"):
        resolve_runner("colony_sim.nope:run")


def test_designs_can_be_python_objects():
    from colony_sim.experiments import SweepSpec

    spec = SweepSpec.model_validate(small_spec())
    assert len(make_sweep(spec).runs) == 8


def test_relative_item_files_in_a_sweep_are_read_from_its_folder(tmp_path, monkeypatch):
    from colony_sim.benchmark.calibration import PARAMS_PATH

    (tmp_path / "a.json").write_bytes(PARAMS_PATH.read_bytes())
    harder = [{**item, "b": item["b"] + 1.0} for item in json.loads(PARAMS_PATH.read_text())]
    (tmp_path / "b.json").write_text(json.dumps(harder))
    spec = small_spec(
        base={"agents": 2, "bench_items": "a.json"},
        design={"parameters": {"economy.price": [500, 1000]}},
        seeds={"root": 1, "replicates": 1},
    )
    (tmp_path / "base.json").write_text(json.dumps(spec))
    spec["design"]["parameters"]["bench_items"] = ["a.json", "./b.json"]
    (tmp_path / "swept.json").write_text(json.dumps(spec))
    monkeypatch.chdir(tmp_path.parent)
    base = load_sweep(tmp_path / "base.json")
    assert {r.config.bench_items for r in base.runs} == {str(tmp_path / "a.json")}
    swept = load_sweep(tmp_path / "swept.json")
    assert {r.config.bench_items for r in swept.runs} == {
        str(tmp_path / "a.json"), str(tmp_path / "b.json")}
    assert len({r.run_id for r in swept.runs}) == 4
