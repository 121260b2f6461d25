"""The simulated Bench draws passes from the item parameters, sampled like a live partial run."""

import dataclasses
import json

import numpy as np
import pytest

from colony_sim.benchmark.calibration import ItemParams, load_params, pass_probability
from colony_sim.benchmark.iq import iq_from_pass_rate
from colony_sim.benchmark.problemset import TIER_WEIGHTS
from colony_sim.errors import ConfigError
from colony_sim.sim import SimBench, SimBody


def body(seed=0, skill=0.0):
    return SimBody(skills=np.full(9, skill), rng=np.random.default_rng(seed))


def iqs(bench, runs=400, n=6):
    return np.array([bench.run(n).value for _ in range(runs)])


def shifted(delta):
    return [dataclasses.replace(p, b=p.b + delta) for p in load_params()]


def test_an_item_far_below_the_skill_always_passes_and_far_above_always_fails():
    easy = SimBench(body(1), [ItemParams("easy", 1, 1.0, -50.0)])
    hard = SimBench(body(1), [ItemParams("hard", 1, 1.0, 50.0)])
    assert set(iqs(easy, 200, 1)) == {150.0}
    assert set(iqs(hard, 200, 1)) == {85.0}


def test_an_impossible_tier_costs_exactly_its_weight():
    # Tier 6 (weight 8 of 23) impossible, the rest trivial: every run scores 15/23.
    items = [ItemParams(f"p{t}{i}", t, 1.0, 50.0 if t == 6 else -50.0)
             for t in range(1, 7) for i in range(10)]
    assert iqs(SimBench(body(2), items), 50) == pytest.approx([iq_from_pass_rate(15 / 23)] * 50)


def test_harder_items_lower_the_iq_and_easier_raise_it():
    shipped = iqs(SimBench(body(3))).mean()
    assert iqs(SimBench(body(3), shifted(+1.0))).mean() < shipped - 3
    assert iqs(SimBench(body(3), shifted(-1.0))).mean() > shipped + 3


def test_higher_discrimination_sharpens_the_pass_curve():
    # A skilled agent above every difficulty gains from a steeper curve.
    steep = [dataclasses.replace(p, a=4.0) for p in load_params()]
    flat = iqs(SimBench(body(4, skill=4.0))).mean()
    assert iqs(SimBench(body(4, skill=4.0), steep)).mean() > flat + 3


def test_sample_estimate_is_unbiased_for_the_full_set_pass_rate():
    # Difficulties spread widely inside each tier: a sampler that favoured some problems
    # of a tier would miss the full-set rate.
    items = [ItemParams(f"p{t}{i}", t, 1.0, -3.0 + 6.0 * i / 9 + 0.3 * t)
             for t in range(1, 7) for i in range(10)]
    full = (sum(TIER_WEIGHTS[p.tier] * pass_probability(0.0, p) for p in items)
            / sum(TIER_WEIGHTS[p.tier] for p in items))
    bench = SimBench(body(5), items)
    rates = []
    for _ in range(4000):
        bench.run(6)
        rates.append(bench.last.pass_rate)
    assert np.mean(rates) == pytest.approx(full, abs=0.012)


def test_a_census_has_a_zero_width_interval_and_a_sample_a_wide_one():
    bench = SimBench(body(6))
    bench.run(60)
    assert bench.last.census and bench.last.iq_low == bench.last.iq == bench.last.iq_high
    bench.run(6)
    assert not bench.last.census and bench.last.iq_high - bench.last.iq_low > 10


def test_runs_repeat_from_the_seed_and_draw_from_the_agents_stream():
    assert list(iqs(SimBench(body(7)), 30)) == list(iqs(SimBench(body(7)), 30))
    assert list(iqs(SimBench(body(7)), 30)) != list(iqs(SimBench(body(8)), 30))


def test_too_small_a_sample_is_refused_as_for_a_live_run():
    with pytest.raises(ValueError, match="n_problems"):
        SimBench(body()).run(0)
    with pytest.raises(ValueError, match="cannot cover 6 tiers"):
        SimBench(body()).run(5)


def test_params_from_a_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('[{"slug": "x", "tier": 2, "a": 1.0, "b": -40.0}]')
    assert SimBench(body(), path).run(1).value == 150.0
    assert SimBench(body(), str(path)).tiers == {2: (ItemParams("x", 2, 1.0, -40.0),)}


def test_bad_params_file_is_refused_naming_the_field(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('[{"slug": "x", "tier": 9, "a": 1.0, "b": 0.0}]')
    with pytest.raises(ConfigError, match=r"p\.json\[0\]\.tier"):
        SimBench(body(), path)


@pytest.mark.parametrize("items", [[], [ItemParams("x", 1, 1.0, 0.0)] * 2])
def test_empty_or_repeated_items_are_refused(items):
    with pytest.raises(ConfigError, match="items"):
        SimBench(body(), items)


def test_the_run_id_hashes_the_item_parameters(monkeypatch):
    from colony_sim import ColonyConfig, engine
    from colony_sim.sim import bench

    config = ColonyConfig(agents=2, seed=4)
    before = engine.run_id_for(config)
    assert engine.run_id_for(config) == before
    monkeypatch.setattr(bench, "shipped_digest", lambda: "refit")
    assert engine.run_id_for(config) != before
    assert engine.run_id_for(config).endswith("-s4")


def write_items(path, b: float):
    """Every shipped problem at difficulty ``b`` (huge: nobody passes; tiny: everybody)."""
    items = [dataclasses.replace(p, b=b) for p in load_params()]
    path.write_text(json.dumps([dataclasses.asdict(p) for p in items]))
    return str(path)


def colony_iqs(config) -> set[float]:
    from colony_sim import Colony

    colony = Colony(config).run()
    return {a.state.iq for a in colony.agents.values() if not np.isnan(a.state.iq)}


def test_a_colony_draws_from_its_own_item_file(tmp_path):
    from colony_sim import ColonyConfig

    config = ColonyConfig(agents=4, until=4 * 3600.0, seed=2)
    hard = config.with_overrides(bench_items=write_items(tmp_path / "hard.json", 1e6))
    easy = config.with_overrides(bench_items=write_items(tmp_path / "easy.json", -1e6))
    assert colony_iqs(hard) == {85.0}
    assert colony_iqs(easy) == {150.0}
    shipped = colony_iqs(config)
    assert shipped - {85.0, 150.0}  # the shipped items give IQs in between


def test_the_run_id_follows_the_item_file_s_content(tmp_path):
    from colony_sim import ColonyConfig, engine

    path = write_items(tmp_path / "items.json", 0.0)
    config = ColonyConfig(agents=2, seed=4, bench_items=path)
    first = engine.run_id_for(config)
    assert first != engine.run_id_for(ColonyConfig(agents=2, seed=4))
    write_items(tmp_path / "items.json", 1.0)
    assert engine.run_id_for(config) != first


@pytest.mark.parametrize(
    "content, reason",
    [(None, "cannot read"), ("{not json", "not valid UTF-8 JSON"), ("[]", "non-empty")],
)
def test_a_bad_item_file_is_refused_naming_bench_items(tmp_path, content, reason):
    from colony_sim.config import make_config

    path = tmp_path / "items.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ConfigError, match=reason) as err:
        make_config({"bench_items": str(path)})
    assert err.value.field == "bench_items"


def test_a_resumed_colony_keeps_the_items_it_started_with(tmp_path):
    import pandas as pd

    from colony_sim import Colony, ColonyConfig

    path = write_items(tmp_path / "items.json", 0.5)
    config = ColonyConfig(agents=4, until=3 * 3600.0, seed=3, bench_items=path)
    whole = Colony(config).run()
    half = Colony(config).run(until=5000.5)
    saved = half.save(tmp_path / "c.ckpt")
    write_items(tmp_path / "items.json", 1e6)  # the file changes after the checkpoint
    resumed = Colony.load(saved).run()
    pd.testing.assert_frame_equal(whole.colony_frame(), resumed.colony_frame())
