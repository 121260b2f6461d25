import numpy as np
import pytest

from colony_sim.models import brain, dense
from colony_sim.models._validate import ModelInputError
from colony_sim.models.brain_features import AgentContext, encode_steps
from colony_sim.ports import ERROR_CATEGORIES
from colony_sim.sim.body import KIND, STEP_KINDS

from .gradcheck import assert_grad_close, numeric_grad

TINY = (6, 5, 4, brain.N_OUTPUTS)


def tiny_problem(rng, n=5):
    params = brain.init(rng, TINY, dtype=np.float64)
    for _, b in params:
        b += rng.normal(0, 0.1, b.shape)  # avoid ReLU kinks at exactly zero
    x = rng.normal(size=(n, TINY[0]))
    t = brain.BrainTargets(
        rng.integers(0, 2, n).astype(float),
        rng.integers(0, brain.N_ERRORS, n),
        rng.integers(0, brain.N_CAPABILITIES, n),
    )
    return params, x, t


def test_error_categories_are_the_ports_tuple_in_seed_order():
    assert ERROR_CATEGORIES[0] == "compile_error" and ERROR_CATEGORIES[-1] == "unknown"
    assert brain.N_ERRORS == 11 and brain.N_CAPABILITIES == 11 and brain.N_OUTPUTS == 23


def test_seed_brain_has_the_seeds_parameter_count():
    assert dense.param_count(brain.BRAIN_SEED) == 1_205_271


@pytest.mark.parametrize(
    "head, cols", [("success", slice(0, 1)), ("error", slice(1, 12)), ("capability", slice(12, 23))]
)
def test_each_head_gradient_matches_finite_differences(head, cols):
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(4, brain.N_OUTPUTS))
    t = brain.BrainTargets(
        np.array([1.0, 0.0, 1.0, 0.0]), np.array([0, 3, 10, 10]), np.array([2, 2, 7, 10])
    )
    w = np.full(4, 0.25)
    _, d = brain.head_loss(logits, t, w)
    numeric = numeric_grad(lambda: float(brain.head_loss(logits, t, w)[0]), logits)
    assert_grad_close(d[:, cols], numeric[:, cols], name=head)


def test_capability_head_trains_only_the_examples_own_slot_divided_by_11():
    logits = np.zeros((1, brain.N_OUTPUTS))
    t = brain.BrainTargets(np.array([1.0]), np.array([10]), np.array([4]))
    _, d = brain.head_loss(logits, t, np.ones(1))
    cap = d[0, 12:]
    assert np.count_nonzero(cap) == 1
    assert np.isclose(cap[4], (0.5 - 1.0) / 11)


def test_loss_and_grads_match_finite_differences_for_every_layer():
    rng = np.random.default_rng(2)
    params, x, t = tiny_problem(rng)
    _, grads = brain.loss_and_grads(params, x, t)
    f = lambda: brain.loss_and_grads(params, x, t)[0]  # noqa: E731
    for i, ((w, b), (dw, db)) in enumerate(zip(params, grads, strict=True)):
        assert_grad_close(dw, numeric_grad(f, w), name=f"W{i}")
        assert_grad_close(db, numeric_grad(f, b), name=f"b{i}")


def test_sgd_decays_weights_but_not_biases():
    params = [(np.ones((2, 3)), np.ones(3))]
    zero = [(np.zeros((2, 3)), np.zeros(3))]
    brain.sgd(params, zero, lr=0.5, weight_decay=0.1)
    np.testing.assert_allclose(params[0][0], 0.95)
    np.testing.assert_allclose(params[0][1], 1.0)


def test_learning_rate_follows_the_seed_schedule():
    assert brain.learning_rate(0) == pytest.approx(0.003)
    assert brain.learning_rate(100_000) == pytest.approx(0.0015)


def test_batched_forward_and_grads_equal_per_agent_loops():
    rng = np.random.default_rng(3)
    agents, n, sizes = 4, 3, (8, 6, 5, brain.N_OUTPUTS)
    stacked = brain.init(rng, sizes, dtype=np.float64, agents=agents)
    x = rng.normal(size=(agents, n, sizes[0]))
    t = brain.BrainTargets(
        rng.integers(0, 2, (agents, n)).astype(float),
        rng.integers(0, 11, (agents, n)),
        rng.integers(0, 11, (agents, n)),
    )
    mask = np.array([[1, 1, 1], [1, 0, 0], [1, 1, 0], [0, 0, 0]], bool)
    logits, _ = brain.forward_many(stacked, x)
    loss, grads = brain.grads_many(stacked, x, t, mask)
    for a in range(agents):
        own = [(w[a], b[a]) for w, b in stacked]
        np.testing.assert_allclose(logits[a], brain.forward(own, x[a])[0], rtol=1e-12)
        live = mask[a]
        if not live.any():
            assert loss[a] == 0 and all(np.all(g[a] == 0) for pair in grads for g in pair)
            continue
        ta = brain.BrainTargets(*(f[a][live] for f in t))
        want_loss, want = brain.loss_and_grads(own, x[a][live], ta)
        assert loss[a] == pytest.approx(want_loss)
        for (dw, db), (ew, eb) in zip(grads, want, strict=True):
            np.testing.assert_allclose(dw[a], ew, rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(db[a], eb, rtol=1e-10, atol=1e-12)


def test_train_many_in_chunks_equals_one_sgd_step_per_agent():
    rng = np.random.default_rng(4)
    agents, sizes = 5, (8, 6, brain.N_OUTPUTS)
    stacked = brain.init(rng, sizes, agents=agents)
    before = [(w.copy(), b.copy()) for w, b in stacked]
    x = rng.normal(size=(agents, 2, 8)).astype(np.float32)
    t = brain.BrainTargets(
        np.ones((agents, 2)), np.zeros((agents, 2), int), np.zeros((agents, 2), int)
    )
    lr = brain.learning_rate(np.arange(agents) * 50_000) * 10
    brain.train_many(stacked, x, t, lr, chunk=2)
    for a in range(agents):
        own = [(w[a].copy(), b[a].copy()) for w, b in before]
        _, g = brain.loss_and_grads(own, x[a], brain.BrainTargets(*(f[a] for f in t)))
        brain.sgd(own, g, float(lr[a]))
        for (w, b), (ew, eb) in zip(stacked, own, strict=True):
            np.testing.assert_allclose(w[a], ew, rtol=1e-5, atol=1e-7)
            np.testing.assert_allclose(b[a], eb, rtol=1e-5, atol=1e-7)


def test_small_brain_learns_a_synthetic_rule_within_300_steps():
    # Rule: a step succeeds iff the agent read first (col 64) or the step is a read (col 0).
    rng = np.random.default_rng(5)

    def sample(n):
        x = np.zeros((n, 128), np.float32)
        x[:, 64] = rng.integers(0, 2, n)
        x[:, 0] = rng.integers(0, 2, n)
        x[:, 17] = rng.uniform(0, 1, n)  # a distractor
        y = np.maximum(x[:, 64], x[:, 0])
        kinds = np.where(x[:, 0] == 1, KIND["read_file"], KIND["edit_code"])
        errors = [None if ok else "compile_error" for ok in y]
        return x, brain.make_targets(y.astype(bool), errors, kinds)

    params = brain.init(rng, brain.BRAIN_SMALL)
    for _ in range(300):
        x, t = sample(32)
        _, g = brain.loss_and_grads(params, x, t)
        brain.sgd(params, g, lr=0.1)
    x, t = sample(1000)
    p, p_err, _ = brain.probabilities(brain.forward(params, x)[0])
    assert np.mean((p > 0.5) == (t.success == 1)) > 0.9
    failed = t.success == 0
    assert np.mean(p_err[failed].argmax(axis=1) == ERROR_CATEGORIES.index("compile_error")) > 0.9


def test_make_targets_maps_successes_to_unknown_and_kinds_to_capabilities():
    t = brain.make_targets([True, False], [None, "git_error"], [KIND["commit"], KIND["check"]])
    assert t.error.tolist() == [10, 7]
    assert [brain.CAPABILITIES[c] for c in t.capability] == ["git_ops", "code_compile"]
    with pytest.raises(ModelInputError, match="errors"):
        brain.make_targets([False], ["oops"], [0])


def test_encode_steps_fills_the_documented_columns():
    plan = [KIND["read_file"], KIND["edit_code"], KIND["check"], KIND["commit"]]
    x = encode_steps(plan, AgentContext(success_rate=0.7, cycles=9, quality=np.e))
    assert x.shape == (4, 128) and x.dtype == np.float32
    assert x[np.arange(4), [0, 10, 8, 4]].tolist() == [1, 1, 1, 1]
    assert x[:, 14].tolist() == [0, 1, 0, 0]
    np.testing.assert_allclose(x[:, 15], [0, 1 / 3, 2 / 3, 1], rtol=1e-6)
    assert x[:, 64].tolist() == [0, 1, 1, 1] and x[:, 65].tolist() == [0, 0, 0, 1]
    np.testing.assert_allclose(x[:, 66], 1.0)
    np.testing.assert_allclose(x[:, 20], np.log(10) / 10, rtol=1e-6)
    assert not x[:, 67:].any() and not x[:, 36:60].any()
    assert len(STEP_KINDS) == 9


@pytest.mark.parametrize(
    "bad, arg",
    [
        (lambda x, t: (x[:, :3], t), "X"),
        (lambda x, t: (np.where(x > 0, np.nan, x), t), "X"),
        (lambda x, t: (x, t._replace(error=t.error + 11)), "targets.error"),
        (lambda x, t: (x, t._replace(success=t.success[:2])), "targets.success"),
        (lambda x, t: (x, t._replace(capability=t.capability * 1.0)), "targets.capability"),
    ],
)
def test_malformed_inputs_raise_value_errors_naming_the_argument(bad, arg):
    params, x, t = tiny_problem(np.random.default_rng(6))
    x2, t2 = bad(x, t)
    with pytest.raises(ValueError, match=arg.replace(".", r"\.")):
        brain.loss_and_grads(params, x2, t2)


def test_mismatched_layers_and_stacked_inputs_are_refused():
    rng = np.random.default_rng(7)
    params = brain.init(rng, TINY)
    params[1] = (params[1][0][:3], params[1][1])
    with pytest.raises(ValueError, match=r"params\[1\]"):
        brain.forward(params, np.zeros((1, 6)))
    stacked = brain.init(rng, TINY, agents=3)
    with pytest.raises(ValueError, match="X"):
        brain.forward_many(stacked, np.zeros((2, 1, 6)))
    with pytest.raises(ValueError, match="mask"):
        t = brain.BrainTargets(np.ones((3, 1)), np.zeros((3, 1), int), np.zeros((3, 1), int))
        brain.grads_many(stacked, np.zeros((3, 1, 6)), t, mask=np.ones((3, 2)))
