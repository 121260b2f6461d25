"""Federation speeds learning: gossip-averaged brains reach a target accuracy in fewer steps.

The colony's own parts — the brain bank (:class:`BrainPredictor`, one online SGD step per
executed step) and the merge (:func:`federation.fedavg` at :func:`federation.merge_rate`)
— on a synthetic rule every agent observes with 10 % label noise (IID data: every agent's
steps follow the same rule). Each of 10 agents sees one step per round; federated agents
merge with 3 peers sampled at random every 5 rounds, as the colony's gossip does.
"""

import numpy as np
import pytest

from colony_sim.cognition import federation
from colony_sim.cognition.features import N_FEATURES
from colony_sim.cognition.predictors import BrainPredictor

AGENTS, PERIOD, PEERS, NOISE, TARGET = 10, 5, 3, 0.1, 0.9


def rule(x: np.ndarray) -> np.ndarray:
    """A step succeeds iff feature 3, or feature 5 without feature 8."""
    return ((x[:, 3] > 0.5) | ((x[:, 5] > 0.5) & (x[:, 8] < 0.5))).astype(float)


def rows(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2, (n, N_FEATURES)).astype(np.float32)


def gossip(brains: BrainPredictor, slots: list[int], rng: np.random.Generator) -> None:
    merged = {}
    for s in slots:
        peers = rng.choice([p for p in slots if p != s], PEERS, replace=False)
        offers = [brains.export_weights(int(p)) for p in peers]
        rate = federation.merge_rate([1.0] * PEERS)
        merged[s] = {
            k: federation.fedavg(v, [o[k] for o in offers], [1.0] * PEERS, rate)
            for k, v in brains.export_weights(s).items()
        }
    for s, weights in merged.items():
        brains.import_weights(s, weights)


def steps_to_target(federated: bool, seed: int, max_steps: int = 3000) -> int:
    """Rounds (steps per agent) until the agents' mean held-out accuracy reaches TARGET."""
    rng = np.random.default_rng(seed)
    brains = BrainPredictor(AGENTS, hidden=16, learning_rate=0.05, batch_rows=1)
    slots = [brains.bank.allocate() for _ in range(AGENTS)]
    for s in slots:  # one common start, as cognition.shared_init gives
        brains.init_slot(s, np.random.default_rng(1000 + seed))
    test = rows(rng, 500)
    truth = rule(test)
    for step in range(1, max_steps + 1):
        for s in slots:
            x = rows(rng, 1)
            y = rule(x)
            if rng.random() < NOISE:
                y = 1.0 - y
            brains.learn(s, x, (0,), y.tolist())
        brains.flush()
        if federated and step % PERIOD == 0:
            gossip(brains, slots, rng)
        if step % 10 == 0:
            acc = np.mean([np.mean((brains.predict(s, test, ()) > 0.5) == truth) for s in slots])
            if acc >= TARGET:
                return step
    return max_steps


@pytest.mark.parametrize("seed", range(4))
def test_federated_agents_reach_the_target_accuracy_in_fewer_steps(seed):
    federated, isolated = steps_to_target(True, seed), steps_to_target(False, seed)
    assert isolated < 3000, "the isolated agents should learn the rule too"
    assert federated < 0.85 * isolated, (federated, isolated)
