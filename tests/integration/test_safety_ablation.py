"""Every safety layer, switched off, lets through the failure it exists to prevent."""

from colony_sim.studies.safety_ablation import ABLATIONS, base, run_ablation


def test_each_layer_prevents_its_failure():
    frame = run_ablation(base(agents=6, hours=2.0), seeds=[0, 1, 2, 3])
    means = frame.groupby("layer")[["on", "off"]].mean()
    assert set(means.index) == set(ABLATIONS)
    worse = means[means["off"] <= means["on"]]
    assert worse.empty, f"no failure without these layers:\n{worse}"


def test_a_guarding_layer_lets_nothing_through_while_on():
    frame = run_ablation(base(agents=4, hours=1.0), seeds=[0, 1], layers=["protected_files"])
    assert frame["on"].tolist() == [0.0, 0.0]
    assert frame["off"].sum() > 0  # the slip into a protected file does happen
