import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from colony_sim.config import ColonyConfig, load_config, make_config
from colony_sim.errors import ConfigError


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"agents": 0}, "agents"),
        ({"agents": -1}, "agents"),
        ({"agents": "ten"}, "agents"),
        ({"agents": 2.5}, "agents"),
        ({"agents": True}, "agents"),
        ({"bogus": 1}, "bogus"),
        ({"economy": {"price": 0}}, "economy.price"),
        ({"economy": {"price": 1.5}}, "economy.price"),
        ({"economy": {"nope": 1}}, "economy.nope"),
        ({"cognition": {"level": "huge"}}, "cognition.level"),
        ({"jitter": 1.0}, "jitter"),
        ({"agents": 20, "max_agents": 10}, "agents"),
        # NaN and infinity were accepted (agents never woke, or skills were NaN):
        ({"until": float("inf")}, "until"),
        ({"cycle_period": float("inf")}, "cycle_period"),
        ({"skill_mean": float("nan")}, "skill_mean"),
        ({"economy": {"demand_rate": float("inf")}}, "economy.demand_rate"),
        ({"dynamics": {"w_execution": float("nan")}}, "dynamics.w_execution"),
    ],
)
def test_bad_values_name_the_field(data, field):
    with pytest.raises(ConfigError) as info:
        make_config(data)
    assert info.value.field == field
    assert info.value.reason


def test_config_is_frozen():
    config = ColonyConfig()
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        config.agents = 3  # type: ignore[misc]


def test_dotted_overrides_validate():
    config = ColonyConfig().with_overrides(**{"economy.price": 5, "seed": 2})
    assert config.economy.price == 5 and config.seed == 2
    with pytest.raises(ConfigError, match="economy.prize"):
        ColonyConfig().with_overrides(**{"economy.prize": 5})


def test_round_trip_through_json(tmp_path):
    config = ColonyConfig(agents=3, seed=4)
    path = tmp_path / "c.json"
    path.write_text(config.to_json())
    assert load_config(path) == config


def test_yaml_scientific_notation_is_a_float(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("cognition:\n  evaporation_rate: 1e-3\n")
    assert load_config(path).cognition.evaporation_rate == 0.001


def test_empty_file_means_defaults(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("")
    assert load_config(path) == ColonyConfig()


def shipped_items_copy(folder) -> str:
    """A copy of the shipped item-parameter file in ``folder``; returns its name."""
    from colony_sim.benchmark.calibration import PARAMS_PATH

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "items.json").write_bytes(PARAMS_PATH.read_bytes())
    return "items.json"


def test_a_relative_item_file_is_read_from_the_config_s_folder(tmp_path, monkeypatch):
    from colony_sim.engine import run_id_for

    conf = tmp_path / "study"
    name = shipped_items_copy(conf / "bench")
    (conf / "run.yaml").write_text(f"agents: 2\nbench_items: bench/{name}\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # not the config's folder: the path must not depend on it
    config = load_config(conf / "run.yaml")
    assert config.bench_items == str(conf / "bench" / name)
    # the same content under another path gives the same run id as the shipped file's copy
    other = tmp_path / "other"
    shipped_items_copy(other)
    moved = config.with_overrides(bench_items=str(other / name))
    assert run_id_for(moved) == run_id_for(config)
    assert run_id_for(config) == run_id_for(ColonyConfig(agents=2))  # same bytes as shipped


def test_absolute_home_and_missing_item_paths(tmp_path, monkeypatch):
    from colony_sim.config import anchored

    assert anchored("/abs/items.json", tmp_path) == "/abs/items.json"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert anchored("~/items.json", tmp_path / "x") == str(tmp_path / "items.json")
    assert anchored(None, tmp_path) is None and anchored(3, tmp_path) == 3
    (tmp_path / "run.json").write_text('{"bench_items": "nope/items.json"}')
    with pytest.raises(ConfigError, match="bench_items.*cannot read"):
        load_config(tmp_path / "run.json")


ODD_VALUES = st.sampled_from(
    [None, True, 0, -1, 2**70, 0.5, -1e308, float("nan"), float("inf"), "", "x", "1e3", [], {}]
)


@settings(max_examples=300)
@given(data=st.data())
def test_a_config_with_one_field_broken_is_valid_or_refused_with_its_field(data):
    wire = json.loads(ColonyConfig().model_dump_json())
    sections = [k for k, v in wire.items() if isinstance(v, dict)]
    section = data.draw(st.sampled_from([None, *sections]))
    node = wire if section is None else wire[section]
    key = data.draw(st.sampled_from(sorted(node)))
    action = data.draw(st.sampled_from(["delete", "replace", "misspell"]))
    if action == "delete":
        del node[key]
    elif action == "misspell":
        node[key + "_"] = node.pop(key)
    else:
        node[key] = data.draw(ODD_VALUES)
    try:
        config = make_config(wire)
    except ConfigError as err:
        assert err.field and err.reason and "\n" not in str(err)
        if action == "misspell":
            assert err.field.endswith(key + "_")
    else:
        assert action != "misspell"
        assert all_finite(config.model_dump())


def all_finite(node) -> bool:
    if isinstance(node, dict):
        return all(all_finite(v) for v in node.values())
    return not isinstance(node, float) or math.isfinite(node)
