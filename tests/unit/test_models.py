import numpy as np

from colony_sim.cognition import pheromones
from colony_sim.cognition.free_energy import brier, score, surprise
from colony_sim.cognition.predictors import train_batch
from colony_sim.metrics import gini
from colony_sim.models import mlp


def bce(w1, b1, w2, b2, x, y):
    p = mlp.predict(w1, b1, w2, b2, x).astype(np.float64)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_sgd_step_follows_the_numerical_gradient():
    rng = np.random.default_rng(0)
    w1, b1, w2, b2 = (a.astype(np.float64) for a in mlp.init_weights(rng, 5, 4))
    b1 += 0.1
    x, y = rng.normal(size=(6, 5)), rng.integers(0, 2, 6).astype(float)
    eps, lr = 1e-6, 1e-3
    numeric = np.zeros_like(w1)
    for idx in np.ndindex(w1.shape):
        plus, minus = w1.copy(), w1.copy()
        plus[idx] += eps
        minus[idx] -= eps
        numeric[idx] = (bce(plus, b1, w2, b2, x, y) - bce(minus, b1, w2, b2, x, y)) / (2 * eps)
    before = w1.copy()
    mlp.sgd_step(w1, b1, w2, b2.reshape(1), x, y, lr)
    np.testing.assert_allclose((before - w1) / lr, numeric, rtol=1e-4, atol=1e-8)


def test_batched_training_equals_online_sgd_per_agent():
    rng = np.random.default_rng(1)
    n_agents, d, h = 4, 16, 8
    stacks = [
        np.stack(a)
        for a in zip(*(mlp.init_weights(rng, d, h) for _ in range(n_agents)), strict=True)
    ]
    w1, b1, w2, b2 = stacks
    slots = np.array([2, 0, 2, 3, 0, 2])
    x = rng.normal(size=(6, d)).astype(np.float32)
    y = np.array([1, 0, 0, 1, 1, 1], np.float32)
    expected = [a.copy() for a in stacks]
    for row, agent in enumerate(slots):  # one step per row, in the order they came
        b2_view = expected[3][agent : agent + 1]
        mlp.sgd_step(
            expected[0][agent],
            expected[1][agent],
            expected[2][agent],
            b2_view,
            x[row : row + 1],
            y[row : row + 1],
            0.1,
        )
    train_batch(w1, b1, w2, b2, slots, x, y, 0.1)
    for got, want in zip((w1, b1, w2, b2), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(w1[1], stacks[0][1])  # untouched agent


def test_learning_reduces_loss():
    rng = np.random.default_rng(2)
    w1, b1, w2, b2 = mlp.init_weights(rng, 3, 8)
    b2 = b2.reshape(1)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32)
    first = mlp.sgd_step(w1, b1, w2, b2, x, y, 0.5)
    for _ in range(300):
        last = mlp.sgd_step(w1, b1, w2, b2, x, y, 0.5)
    assert last < first / 3


def test_pheromones_evaporate_deposit_choose_merge():
    tau = np.array([0.0, 4.0])
    pheromones.evaporate(tau, dt=10.0, rate=np.log(2) / 10.0)
    np.testing.assert_allclose(tau, [0.0, 2.0])
    pheromones.deposit(tau, 0, -5.0)
    assert tau[0] == 0.0
    assert pheromones.choose(tau, 0.0) == 0 and pheromones.choose(tau, 0.99) == 1
    assert pheromones.choose(np.array([0.0, 0.0]), 0.49) == 0
    pheromones.merge(tau, [np.array([2.0, 0.0])], rate=0.5)
    np.testing.assert_allclose(tau, [1.0, 1.0])


def test_surprise_and_brier():
    p, y = np.array([0.5, 0.9]), np.array([1.0, 0.0])
    np.testing.assert_allclose(surprise(p, y), [np.log(2), -np.log(0.1)])
    np.testing.assert_allclose(brier(p, y), [0.25, 0.81])
    s, b = score([0.5, 0.9], [1.0, 0.0])
    assert np.isclose(s, surprise(p, y).sum()) and np.isclose(b, brier(p, y).sum())


def test_gini_known_values():
    assert gini(np.array([1, 1, 1, 1])) == 0.0
    assert np.isclose(gini(np.array([0, 0, 0, 1])), 0.75)
    assert gini(np.zeros(3)) == 0.0
    assert np.isnan(gini(np.array([])))
