import pytest

from colony_sim.errors import ConfigError
from colony_sim.notebook import quick_config, quickstart_panel, run_and_plot


def test_knobs_map_to_config_fields():
    config = quick_config(agents=7, price=2_000, think_cost=100, seed=3, until=600)
    assert (config.agents, config.economy.price, config.economy.think_cost, config.seed) == (
        7,
        2_000,
        100,
        3,
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"agents": 0}, "agents"),
        ({"price": 0}, "economy.price"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_widget_values_name_the_field(kwargs, field):
    values = {"agents": 5, "price": 1_000, "think_cost": 100, "seed": 0, "until": 600, **kwargs}
    with pytest.raises(ConfigError) as info:
        quick_config(**values)
    assert info.value.field == field


def test_run_and_plot_returns_a_four_panel_figure():
    colony, fig = run_and_plot(agents=4, price=1_000, think_cost=100, seed=1, until=1_200)
    assert len(fig.axes) >= 4 and colony.now == 1_200


def test_panel_reruns_without_a_click():
    pytest.importorskip("ipywidgets")
    panel = quickstart_panel(agents=3, until=600)
    panel.children[0].children[0].value = 4  # the agents slider
    panel.rerun()
    assert len(panel.last_colony.colony_frame()) > 0
    assert panel.last_colony.config.agents == 4


def test_a_bad_widget_value_is_named_and_the_last_run_is_kept(capsys):
    panel = quickstart_panel(agents=3, until=600)
    panel.rerun()
    first = panel.last_colony
    panel.children[1].children[1].value = -1  # the seed box takes any integer
    panel.rerun()
    assert panel.last_colony is first  # was dropped before the bad value was checked
    assert "Cannot run: seed" in capsys.readouterr().out  # (no kernel: the Output prints)
