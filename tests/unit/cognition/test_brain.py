"""The brain in the cycle: the gate, and the seed-shaped brain as a colony predictor."""

import numpy as np
import pandas as pd
import pytest

from colony_sim import Colony, ColonyConfig
from colony_sim.agent import RISKY
from colony_sim.sim.body import KIND

COMMIT = KIND["commit"]


def colony_with_counts(wins: float, tries: float) -> tuple[Colony, object]:
    config = ColonyConfig(
        agents=1,
        until=3600.0,
        seed=3,
        cognition={"level": "minimal", "gate_min_steps": 100, "share_period": 0, "bench_period": 0},
    )
    colony = Colony(config)
    agent = colony.agents["a00000"]
    bank = colony.predictor.bank
    bank.arrays["wins"][agent.state.slot, COMMIT] = wins
    bank.arrays["tries"][agent.state.slot, COMMIT] = tries
    bank.trained[agent.state.slot] = 500
    body = agent.ports.workspace.body
    body.skills = np.full_like(body.skills, 8.0)  # edits succeed: only the gate decides
    body.skill = body.skills.tolist()
    return colony, agent


def run_one_plan(agent, plan):
    s = agent.state
    s.plan, s.pos, s.y, s.why = plan, 0, [], []
    s.x = agent.predictor.features(plan, 0.5, 1.0, 1, 0.0)
    s.p = agent.predictor.predict(s.slot, s.x, plan)
    while s.plan:
        assert agent.advance()


def test_gate_blocks_a_risky_step_predicted_below_ten_percent():
    colony, agent = colony_with_counts(wins=0.0, tries=300.0)
    assert COMMIT in RISKY
    run_one_plan(agent, (KIND["edit_code"], COMMIT))
    assert agent.state.blocked == 1
    assert agent.state.steps == 1  # the edit ran, the commit did not
    assert colony.tally.blocked == 1


def test_gate_lets_a_likely_risky_step_run():
    colony, agent = colony_with_counts(wins=290.0, tries=300.0)
    run_one_plan(agent, (KIND["edit_code"], COMMIT))
    assert agent.state.blocked == 0 and agent.state.steps == 2


def test_gate_waits_until_the_brain_has_learnt_enough():
    colony, agent = colony_with_counts(wins=0.0, tries=300.0)
    colony.predictor.bank.trained[agent.state.slot] = 10
    run_one_plan(agent, (KIND["edit_code"], COMMIT))
    assert agent.state.blocked == 0


@pytest.mark.parametrize("shape", ["seed_small", "seed"])
def test_seed_shaped_brains_run_in_a_colony(shape):
    agents = 4 if shape == "seed_small" else 2
    config = ColonyConfig(agents=agents, until=1800.0, seed=1, cognition={"brain_shape": shape})
    colony = Colony(config).run()
    params = sum(a[0].size for a in colony.predictor.bank.arrays.values())
    expected = {"seed_small": 5_943, "seed": 1_205_271}[shape]
    assert params == expected
    assert colony.colony_frame()["steps"].sum() > 0


def test_seed_small_brain_learns_and_resumes_exactly(tmp_path):
    config = ColonyConfig(
        agents=10, until=3 * 3600.0, seed=6, cognition={"brain_shape": "seed_small"}
    )
    whole = Colony(config).run()
    acc = whole.colony_frame()["accuracy"].dropna()
    assert acc.iloc[-6:].mean() > acc.iloc[:3].mean() + 0.05
    half = Colony(config).run(until=5000.5)
    resumed = Colony.load(half.save(tmp_path / "c.ckpt")).run()
    pd.testing.assert_frame_equal(whole.colony_frame(), resumed.colony_frame())


def test_seed_brain_predictions_are_probabilities():
    colony = Colony(ColonyConfig(agents=2, until=10.0, cognition={"brain_shape": "seed_small"}))
    agent = colony.agents["a00000"]
    plan = (KIND["read_file"], KIND["edit_code"], COMMIT)
    p = colony.predictor.predict(
        agent.state.slot, colony.predictor.features(plan, 0.5, 1.0, 0, 0.0), plan
    )
    assert p.shape == (3,) and np.all((p > 0) & (p < 1))


def test_seed_brain_takes_one_sgd_step_per_row_in_queue_order():
    """A flush equals stepping after every executed step, as the seed does."""
    from colony_sim.cognition.seed_brain import SeedBrainPredictor
    from colony_sim.models import brain

    rng = np.random.default_rng(4)
    service = SeedBrainPredictor(capacity=3, shape="seed_small", batch_rows=10**9)
    slots = [service.bank.allocate() for _ in range(3)]
    for slot in slots:
        service.init_slot(slot, rng)
    before = {slot: [(w.copy(), b.copy()) for w, b in service._layers(slot)] for slot in slots}
    queued = []  # (slot, plan, outcomes, why): agents interleaved, plans of unequal length
    for slot, plan, y in [
        (slots[0], (1, 2, 3), [1.0, 1.0, 0.0]),
        (slots[1], (4,), [0.0]),
        (slots[0], (5, 6), [1.0, 0.0]),
        (slots[2], (2, 3), [1.0, 1.0]),
    ]:
        why = [None if v else "test_failure" for v in y]
        service.learn(slot, service.features(plan, 0.5, 1.0, 3, 0.0), plan, y, why)
        queued.append((slot, plan, y, why))
    service.flush()
    for slot in slots:
        layers = [(w.copy(), b.copy()) for w, b in before[slot]]
        step = 0
        for s, plan, y, why in queued:
            if s != slot:
                continue
            x = service.features(plan, 0.5, 1.0, 3, 0.0)
            for j, kind in enumerate(plan):
                ok = np.array([[y[j] > 0]])
                target = brain.BrainTargets(
                    *(f.reshape(1, 1) for f in brain.make_targets(ok.ravel(), [why[j]], [kind]))
                )
                stacked = [(w[None], b[None]) for w, b in layers]
                brain.train_many(stacked, x[None, j : j + 1], target, brain.learning_rate(step))
                layers = [(w[0], b[0]) for w, b in stacked]
                step += 1
        for (w, b), (w_ref, b_ref) in zip(service._layers(slot), layers, strict=True):
            np.testing.assert_allclose(w, w_ref, rtol=1e-6, atol=1e-7)
            np.testing.assert_allclose(b, b_ref, rtol=1e-6, atol=1e-7)
