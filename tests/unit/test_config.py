import pytest

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
