"""Notebook helpers: run-and-plot in one call, and the quickstart's widget panel.

The panel's logic is :func:`run_and_plot`, a plain function that is unit-tested; the
widgets only collect its arguments. ipywidgets is imported on use (``pip install
colony-lab[lab]``).
"""

from __future__ import annotations

from typing import Any

from colony_sim.config import ColonyConfig, make_config
from colony_sim.engine import Colony
from colony_sim.errors import ConfigError


def quick_config(
    agents: int,
    price: int,
    think_cost: int,
    seed: int,
    until: float,
    base: ColonyConfig | None = None,
) -> ColonyConfig:
    """A validated config from the panel's knobs (money in atomic units).

    Raises:
        ConfigError: naming the knob at fault, e.g. ``agents`` or ``economy.price``.
    """
    data = (base or ColonyConfig()).model_dump()
    data.update(agents=agents, seed=seed, until=until)
    data["economy"].update(price=price, think_cost=think_cost)
    return make_config(data)


def run_and_plot(
    agents: int, price: int, think_cost: int, seed: int, until: float
) -> tuple[Colony, Any]:
    """Run a colony with the given knobs and draw its report figure."""
    from colony_sim.report import plot_report

    colony = Colony(quick_config(agents, price, think_cost, seed, until)).run()
    title = f"{agents} agents, price {price}, think cost {think_cost}, seed {seed}"
    return colony, plot_report(colony.colony_frame(), title)


def quickstart_panel(
    agents: int = 30,
    price: int = 1_000,
    think_cost: int = 500,
    seed: int = 0,
    until: float = 6 * 3600,
) -> Any:
    """An ipywidgets panel (agents, price, cost, seed) that reruns and replots on click."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    knobs = {
        "agents": w.IntSlider(value=agents, min=1, max=500, description="agents"),
        "price": w.IntSlider(
            value=price, min=100, max=10_000, step=100, description="price (units)"
        ),
        "think_cost": w.IntSlider(
            value=think_cost, min=0, max=5_000, step=50, description="think cost"
        ),
        "seed": w.IntText(value=seed, description="seed"),
    }
    button = w.Button(description="Run", button_style="primary")
    out = w.Output()

    def rerun(_: Any = None) -> None:
        values = {k: v.value for k, v in knobs.items()}
        with out:
            try:
                quick_config(**values, until=until)
            except ConfigError as exc:  # the last run's figure and colony stay
                print(f"Cannot run: {exc}")
                return
            out.clear_output(wait=True)
            colony, fig = run_and_plot(**values, until=until)
            panel.last_colony = colony
            display(fig)
            plt.close(fig)
            print(
                f"population {len(colony.agents)}, births {colony.births}, deaths {colony.deaths}"
            )

    button.on_click(rerun)
    panel = w.VBox(
        [w.HBox(list(knobs.values())[:2]), w.HBox(list(knobs.values())[2:]), button, out]
    )
    panel.rerun = rerun  # lets a notebook (or a test) trigger a run without a click
    panel.last_colony = None
    return panel
