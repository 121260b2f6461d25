import pytest

from colony_sim.experiments import make_sweep, run_sweep

pytest.importorskip("SALib")


def test_sobol_design_and_indices(tmp_path):
    from colony_sim.experiments import sobol_indices

    spec = {
        "name": "sobol",
        "base": {"agents": 4, "until": 1800.0, "cognition": {"level": "minimal"},
                 "economy": {"initial_balance": 30000}},
        "design": {"kind": "sobol", "samples": 8, "parameters": {
            "economy.price": {"min": 100, "max": 8000},
            "jitter": {"min": 0.0, "max": 0.5}}},
        "seeds": {"root": 3, "replicates": 1},
    }
    sweep = make_sweep(spec)
    assert sweep.points == 8 * (2 + 2)
    run_sweep(sweep, tmp_path, progress=False)
    indices = sobol_indices(tmp_path / "sobol", "wealth_mean").set_index("parameter")
    assert list(indices.index) == ["economy.price", "jitter"]
    # the price drives the colony's wealth; the cadence jitter barely matters
    assert indices.loc["economy.price", "ST"] > indices.loc["jitter", "ST"]


def test_sobol_needs_samples():
    from colony_sim.errors import ConfigError

    with pytest.raises(ConfigError, match="required"):
        make_sweep({"name": "s", "design": {"kind": "sobol",
                                             "parameters": {"jitter": {"min": 0, "max": 0.5}}}})
