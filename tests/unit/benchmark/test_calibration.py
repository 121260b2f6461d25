"""Item-response calibration: shipped prior and recovery of known difficulties."""

import numpy as np
import pytest

from colony_sim.benchmark import load_problems
from colony_sim.benchmark.calibration import (
    ItemParams,
    fit_rasch,
    load_params,
    pass_probability,
    prior_difficulty,
)


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
