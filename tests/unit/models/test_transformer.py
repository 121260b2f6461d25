import numpy as np
import pytest

from colony_sim.models import planner, transformer
from colony_sim.models import vocab as V
from colony_sim.models._validate import ModelInputError

from .gradcheck import assert_grad_close, numeric_grad

TINY = transformer.TransformerConfig(vocab=11, d_model=8, heads=2, d_ff=6, layers=2)


def tiny(rng):
    params = transformer.init(rng, TINY, dtype=np.float64)
    for p in params.values():  # move every tensor off its special initial value
        p += rng.normal(0, 0.1, p.shape)
    tokens = rng.integers(4, TINY.vocab, (2, 5))
    tokens[1, 4] = V.PAD
    mask = tokens != V.PAD
    return params, tokens, mask


def test_seed_config_has_about_2_2_million_parameters():
    n = transformer.param_count(transformer.TRANSFORMER_SEED)
    assert n == 2_169_984
    assert abs(n / 2.2e6 - 1) < 0.05
    # The seed's own layout has no LayerNorm bias: 4 layers x 2 norms x 256 fewer.
    assert n - 4 * 2 * 256 == 2_167_936


def test_every_parameter_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    params, tokens, mask = tiny(rng)
    _, grads = transformer.loss_and_grads(params, tokens, mask)
    assert set(grads) == set(params)

    def f():
        return transformer.loss_and_grads(params, tokens, mask)[0]

    for name, p in params.items():
        numeric = numeric_grad(f, p, max_entries=12, rng=rng)
        assert_grad_close(grads[name], numeric, rtol=1e-4, atol=1e-8, name=name)


def test_attention_is_causal():
    rng = np.random.default_rng(1)
    params = transformer.init(rng, TINY, dtype=np.float64)
    a = np.array([[4, 5, 6, 7, 8]])
    b = a.copy()
    b[0, 3:] = [9, 10]
    la, _ = transformer.forward(params, a)
    lb, _ = transformer.forward(params, b)
    np.testing.assert_allclose(la[0, :3], lb[0, :3], rtol=1e-12)
    assert not np.allclose(la[0, 3], lb[0, 3])


def test_positional_encoding_is_sin_on_even_cos_on_odd():
    pe = transformer.positional_encoding(3, 4)
    np.testing.assert_allclose(pe[1], [np.sin(1), np.cos(1), np.sin(0.01), np.cos(0.01)])
    np.testing.assert_allclose(pe[0], [0, 1, 0, 1])


def test_encode_plans_masks_steps_and_eos_only():
    tokens, mask = planner.encode_plans([[4, 15], [4]], contexts=[[50], []])
    assert tokens.tolist() == [[50, V.BOS, 4, 15, V.EOS], [V.BOS, 4, V.EOS, 0, 0]]
    assert mask.tolist() == [[0, 0, 1, 1, 1], [0, 1, 1, 0, 0]]


def test_sim_step_kinds_map_to_documented_tokens():
    assert V.TOKEN_OF_KIND["check"] == V.TOKEN_IDS["cargo_check"] == 13
    assert V.TOKEN_OF_KIND["deploy"] == 10 and V.TOKEN_OF_KIND["benchmark"] == 36
    assert V.TOKEN_IDS["delegate_task"] == 29 and V.TOKEN_IDS["test_cartridge"] == 32
    assert V.tokens_to_kinds(V.kinds_to_tokens(range(9))) == list(range(9))


def test_keyword_tokens_are_first_come_then_hashed():
    table = {}
    assert V.keyword_token("wallet", table) == 50
    assert V.keyword_token("peer", table) == 51
    assert V.keyword_token("wallet", table) == 50
    full = {f"w{i}": 50 + i for i in range(78)}
    assert V.keyword_token("new", full) == 50 + (((ord("n") * 31 + ord("e")) * 31 + ord("w")) % 78)
    assert len(full) == 78


PLANS = [
    ["read_file", "edit_code", "cargo_check", "commit"],
    ["create_cartridge", "test_cartridge", "create_script_endpoint"],
]


def test_small_transformer_learns_to_reproduce_plans_in_150_steps():
    rng = np.random.default_rng(2)
    config = transformer.TransformerConfig(d_model=16, heads=2, d_ff=32, layers=1)
    params = transformer.init(rng, config)
    ids = [[V.TOKEN_IDS[s] for s in p] for p in PLANS]
    table = {}
    contexts = [[V.keyword_token("improve", table)], [V.keyword_token("build", table)]]
    tokens, mask = planner.encode_plans(ids, contexts)
    adam = planner.adam_init(params)
    first = planner.train_step(params, tokens, mask, 0.02, adam)
    for _ in range(150):
        last = planner.train_step(params, tokens, mask, 0.02, adam)
    assert last < first / 10
    for ctx, want in zip(contexts, ids, strict=True):
        plan = planner.generate(params, [*ctx, V.BOS], 10, rng, temperature=0.0)
        assert list(plan.tokens) == want
        assert plan.confidence > 0.5


def test_generation_respects_masks_and_stops_at_eos():
    rng = np.random.default_rng(3)
    params = transformer.init(rng, TINY)
    # Make banned tokens overwhelmingly likely: they must still never be produced.
    for t in (V.PAD, V.BOS, V.UNK):
        params["out_b"][t] = 50.0
    for temperature in (0.0, 1.0, 5.0):
        plan = planner.generate(params, [V.BOS], 8, rng, temperature)
        assert all(V.is_step_token(t) for t in plan.tokens)
    params["out_b"][V.EOS] = 100.0
    plan = planner.generate(params, [V.BOS], 8, rng, 0.0)
    assert plan.tokens == () and plan.confidence == pytest.approx(1.0)


def test_generation_is_greedy_below_temperature_0_1_and_stops_at_max_steps():
    rng = np.random.default_rng(4)
    params = transformer.init(rng, TINY)
    a = planner.generate(params, [V.BOS], 6, np.random.default_rng(0), 0.05)
    b = planner.generate(params, [V.BOS], 6, np.random.default_rng(1), 0.0)
    assert a == b and len(a.tokens) <= 6
    best = planner.generate_best(params, [V.BOS], 6, rng)
    assert 0 < best.confidence <= 1


def test_reexports_from_transformer():
    assert transformer.train_step is planner.train_step
    assert transformer.generate is planner.generate


@pytest.mark.parametrize(
    "call, arg",
    [
        (lambda p: transformer.loss_and_grads(p, np.array([[1, 2, 99]])), "tokens"),
        (lambda p: transformer.loss_and_grads(p, np.array([1, 2, 3])), "tokens"),
        (lambda p: transformer.loss_and_grads(p, np.array([[1.0, 2.0]])), "tokens"),
        (lambda p: transformer.loss_and_grads(p, np.array([[1, 2]]), np.ones((1, 3))), "mask"),
        (
            lambda p: planner.train_step(
                p, np.array([[1, 4, 2]]), None, float("nan"), planner.adam_init(p)
            ),
            "lr",
        ),
        (lambda p: planner.generate(p, [1, -1], 3, np.random.default_rng()), "prefix"),
        (lambda p: transformer.forward({"embed": p["embed"]}, np.array([[1]])), "params"),
        (lambda p: planner.encode_plans([[4] * 70]), r"plans\[0\]"),
    ],
)
def test_malformed_inputs_raise_value_errors_naming_the_argument(call, arg):
    params = transformer.init(np.random.default_rng(5), TINY)
    with pytest.raises(ValueError, match=arg):
        call(params)


def test_bad_config_is_refused():
    with pytest.raises(ModelInputError, match="config.heads"):
        transformer.TransformerConfig(d_model=10, heads=4)


def test_float32_parameters_give_float32_logits_and_gradients():
    params = transformer.init(np.random.default_rng(6), TINY)
    logits, _ = transformer.forward(params, np.array([[1, 4, 5]]))
    _, grads = transformer.loss_and_grads(params, np.array([[1, 4, 5]]))
    assert logits.dtype == np.float32
    assert {g.dtype for g in grads.values()} == {np.dtype(np.float32)}


def test_greedy_generation_from_bos_reproduces_read_edit_check_commit():
    rng = np.random.default_rng(7)
    config = transformer.TransformerConfig(d_model=16, heads=2, d_ff=32, layers=1)
    params = transformer.init(rng, config)
    plan = V.kinds_to_tokens([0, 1, 2, 3])  # read_file, edit_code, check, commit
    tokens, mask = planner.encode_plans([plan])
    adam = planner.adam_init(params)
    for _ in range(60):
        planner.train_step(params, tokens, mask, 0.03, adam)
    got = planner.generate(params, [V.BOS], 10, rng, temperature=0.0)
    assert [V.TOKEN_NAMES[t] for t in got.tokens] == [
        "read_file",
        "edit_code",
        "cargo_check",
        "commit",
    ]
