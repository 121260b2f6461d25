"""Central finite differences for the gradient checks (float64)."""

import numpy as np


def numeric_grad(f, arr, eps=1e-6, max_entries=None, rng=None):
    """d f() / d arr by central differences; arr is perturbed in place and restored.

    With ``max_entries`` only a random subset of entries is probed; the others are NaN.
    """
    grad = np.full(arr.shape, np.nan)
    idx = list(np.ndindex(arr.shape))
    if max_entries is not None and len(idx) > max_entries:
        rng = rng or np.random.default_rng(0)
        idx = [idx[i] for i in rng.choice(len(idx), max_entries, replace=False)]
    for i in idx:
        old = arr[i]
        arr[i] = old + eps
        up = f()
        arr[i] = old - eps
        down = f()
        arr[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def assert_grad_close(analytic, numeric, rtol=1e-5, atol=1e-7, name=""):
    probed = ~np.isnan(numeric)
    assert probed.any(), name
    np.testing.assert_allclose(
        np.asarray(analytic)[probed], numeric[probed], rtol=rtol, atol=atol, err_msg=name
    )
