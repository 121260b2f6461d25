import numpy as np
import pytest

from colony_sim.models import dense, quality
from colony_sim.models.diff_features import (
    FEATURE_NAMES,
    N_FEATURES,
    diff_features,
    parse_diff,
    parse_numstat,
)

from .gradcheck import assert_grad_close, numeric_grad


def test_seed_quality_model_has_about_1_1_million_parameters():
    n = dense.param_count(quality.QUALITY_SEED)
    assert n == 1_084_417 and abs(n / 1.1e6 - 1) < 0.05


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    params = quality.init(rng, (5, 4, 3, 1), dtype=np.float64)
    for _, b in params:
        b += rng.normal(0, 0.1, b.shape)
    x, y = rng.normal(size=(6, 5)), rng.uniform(-1, 1, 6)
    _, grads = quality.loss_and_grads(params, x, y)
    f = lambda: quality.loss_and_grads(params, x, y)[0]  # noqa: E731
    for i, ((w, b), (dw, db)) in enumerate(zip(params, grads, strict=True)):
        assert_grad_close(dw, numeric_grad(f, w), name=f"W{i}")
        assert_grad_close(db, numeric_grad(f, b), name=f"b{i}")


def test_scores_lie_in_minus_one_to_one():
    params = quality.init(np.random.default_rng(1), quality.QUALITY_SMALL)
    score, _ = quality.forward(params, np.random.default_rng(2).normal(0, 100, (50, 32)))
    assert score.shape == (50,) and np.all(np.abs(score) <= 1)


def test_stacked_bank_equals_per_agent_models():
    rng = np.random.default_rng(3)
    bank = quality.init(rng, (6, 5, 1), dtype=np.float64, agents=3)
    x, y = rng.normal(size=(3, 4, 6)), rng.uniform(-1, 1, (3, 4))
    mask = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [1, 0, 0, 0]], bool)
    loss, grads = quality.loss_and_grads(bank, x, y, mask)
    for a in range(3):
        own = [(w[a], b[a]) for w, b in bank]
        want_loss, want = quality.loss_and_grads(own, x[a][mask[a]], y[a][mask[a]])
        assert loss[a] == pytest.approx(want_loss)
        for (dw, db), (ew, eb) in zip(grads, want, strict=True):
            np.testing.assert_allclose(dw[a], ew, atol=1e-12)
            np.testing.assert_allclose(db[a], eb, atol=1e-12)


def test_small_model_fits_a_linear_score_within_400_steps():
    rng = np.random.default_rng(4)
    params = quality.init(rng)
    coef = rng.normal(0, 0.5, 32)
    x = rng.uniform(0, 1, (128, 32)).astype(np.float32)
    y = np.tanh((x - 0.5) @ coef)
    first, _ = quality.loss_and_grads(params, x, y)
    for _ in range(400):
        _, g = quality.loss_and_grads(params, x, y)
        quality.sgd(params, g, lr=0.05)
    last, _ = quality.loss_and_grads(params, x, y)
    assert last < first / 5


def test_target_confidence_and_gate_follow_the_seed():
    assert quality.target_from_delta(10) == 0.5 and quality.target_from_delta(-50) == -1
    assert quality.confidence(50) == 0.5 and quality.confidence(500) == 1
    assert quality.blocks_commit(-0.5, train_steps=40)
    assert not quality.blocks_commit(-0.5, train_steps=9)  # gate not active yet
    assert not quality.blocks_commit(-0.5, train_steps=20)  # confidence 0.2 <= 0.3
    assert not quality.blocks_commit(-0.05, train_steps=40)


def test_malformed_inputs_raise_value_errors_naming_the_argument():
    params = quality.init(np.random.default_rng(5), (4, 3, 1))
    with pytest.raises(ValueError, match="X"):
        quality.forward(params, np.zeros((2, 5)))
    with pytest.raises(ValueError, match="X"):
        quality.forward(params, np.full((2, 4), np.nan))
    with pytest.raises(ValueError, match="y"):
        quality.loss_and_grads(params, np.zeros((2, 4)), np.array([0.0, 2.0]))
    with pytest.raises(ValueError, match="sizes"):
        quality.init(np.random.default_rng(), (4, 3, 2))


DIFF = """\
diff --git a/colony_sim/foo.py b/colony_sim/foo.py
index 1111111..2222222 100644
--- a/colony_sim/foo.py
+++ b/colony_sim/foo.py
@@ -1,3 +1,6 @@
+import os
 # a module
-def bar(x):
-    return None
+def bar(x) -> int:
+    print(x)  # TODO tidy
+    return None
+    # unreachable
diff --git a/tests/test_foo.py b/tests/test_foo.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/tests/test_foo.py
@@ -0,0 +1,3 @@
+from colony_sim.foo import bar
+def test_bar():
+    assert bar(1) is None
diff --git a/tmp.py b/tmp.py
deleted file mode 100644
--- a/tmp.py
+++ /dev/null
@@ -1,2 +0,0 @@
-x = 1
-y = 2
"""


def test_parse_diff_finds_files_lines_and_status():
    files = parse_diff(DIFF)
    assert [f.path for f in files] == ["colony_sim/foo.py", "tests/test_foo.py", "tmp.py"]
    assert [len(f.added) for f in files] == [5, 3, 0]
    assert [len(f.removed) for f in files] == [2, 0, 2]
    assert files[1].new and files[2].gone and not files[0].new


def test_diff_features_of_a_hand_written_diff():
    x = diff_features(DIFF, iq=120.0, fitness=0.7)
    assert x.shape == (N_FEATURES,) == (len(FEATURE_NAMES),) and x.dtype == np.float32
    expected = dict.fromkeys(FEATURE_NAMES, 0.0)
    expected.update(
        loc_added=8 / 500, loc_deleted=4 / 500, net_loc=4 / 500, files_touched=3 / 20,
        new_files=1 / 5, mostly_deleted=1 / 5, def_lines=2 / 10, import_lines=2 / 10,
        todo=1 / 5, print=1 / 5, test_defs=1 / 10, test_files=1 / 3, junk_files=1.0,
        moved_lines=1 / 50, comment_ratio=1 / 8, iq=0.8, fitness=0.7, assert_lines=1 / 10,
        return_annotations=1 / 10,
    )  # fmt: skip
    got = dict(zip(FEATURE_NAMES, x.tolist(), strict=True))
    assert got == pytest.approx(expected, abs=1e-6)


def test_numstat_drives_the_size_features():
    numstat = "5\t2\tcolony_sim/foo.py\n3\t0\ttests/test_foo.py\n0\t2\ttmp.py\n-\t-\tlogo.png\n"
    assert parse_numstat(numstat)[3] == (0, 0, "logo.png")
    x = diff_features(DIFF, numstat)
    assert x[3] == pytest.approx(4 / 20) and x[4] == pytest.approx(1 / 5)
    x = diff_features("", "30\t0\tpkg/new_module.py\n1\t0\tpkg/small.py\n")
    assert x[4] == pytest.approx(1 / 5)  # the seed's rule for files the diff does not show


def test_content_lines_that_look_like_headers_stay_content():
    diff = "--- a/f.py\n+++ b/f.py\n@@ -1 +1,2 @@\n--- old heading\n+++ new heading\n+++ more\n"
    (f,) = parse_diff(diff)
    assert f.removed == ["-- old heading"] and f.added == ["++ new heading", "++ more"]


def test_protected_manifest_and_suppression_features():
    diff = (
        "diff --git a/pyproject.toml b/pyproject.toml\n--- a/pyproject.toml\n"
        "+++ b/pyproject.toml\n@@ -1 +1 @@\n-a = 1\n+a = 2\n"
        "diff --git a/colony_sim/payments.py b/colony_sim/payments.py\n"
        "--- a/colony_sim/payments.py\n+++ b/colony_sim/payments.py\n@@ -1 +1,2 @@\n"
        " x = 1\n+y = eval(s)  # type: ignore\n"
    )
    x = dict(zip(FEATURE_NAMES, diff_features(diff).tolist(), strict=True))
    assert x["manifest_touched"] == 1 and x["protected_touched"] == 1
    assert x["eval_exec"] == pytest.approx(1 / 5) and x["suppressions"] == pytest.approx(0.1)
    assert diff_features(diff, protected=())[17] == 0


def test_malformed_diff_inputs_raise_value_errors():
    with pytest.raises(ValueError, match="diff"):
        diff_features(b"--- a")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="numstat"):
        diff_features("", "five\t2\tx.py")
