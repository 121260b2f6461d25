"""The headline experiment: reproducible from its seeds, and its CLI's bad input."""

import pytest

from colony_sim.cli import main
from colony_sim.studies.headline import MIN_MEASURED, HeadlineSettings, run_headline

TINY = HeadlineSettings(
    seeds=(0, 1),
    agents=3,
    until=1800.0,
    grid_agents=2,
    grid_until=1800.0,
    prices=(1_000,),
    cost_factors=(1.0, 3.0),
    workers=1,
)


def test_headline_is_reproducible_from_its_seeds():
    a, b = run_headline(TINY), run_headline(TINY)
    assert a["series"].equals(b["series"]) and a["grid"].equals(b["grid"])
    assert set(a["series"]["arm"]) == {"federated", "isolated", "one big agent"}
    assert {"iq_gain", "iq_final", "lineages_alive"} <= set(a["summary"]["what"])
    assert len(a["lineage"]) >= 3 and len(a["wealth"]) >= 3
    series = a["series"]
    counted = series["iq_mean"].notna()
    assert counted.any() and (series.loc[counted, "iq_measured"] >= MIN_MEASURED).all()


@pytest.mark.parametrize("flag", ["--seeds", "--agents", "--workers"])
def test_cli_refuses_nonsense(flag, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["experiment", "headline", flag, "0"])
    assert exit_.value.code == 2
    assert flag in capsys.readouterr().err
