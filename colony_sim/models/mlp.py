"""A one-hidden-layer MLP that predicts step success, as pure numpy functions.

Shapes: ``X`` is ``(n, d)`` features, ``W1`` ``(d, h)``, ``b1`` ``(h,)``, ``w2`` ``(h,)``,
``b2`` a 0-d array. The output is the success logit ``z`` of shape ``(n,)``;
``p = sigmoid(z)``. Training minimises binary cross-entropy with plain SGD, updating the
arrays in place (they may be views into a colony-wide stacked bank, see
:class:`colony_sim.cognition.predictors.BrainPredictor`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike


def init_weights(
    rng: np.random.Generator, d: int, h: int, dtype: DTypeLike = np.float32
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Xavier-uniform weights, zero biases.

    Returns:
        ``(W1 (d, h), b1 (h,), w2 (h,), b2 ())``.
    """
    s1 = np.sqrt(6.0 / (d + h))
    s2 = np.sqrt(6.0 / (h + 1))
    w1 = rng.uniform(-s1, s1, (d, h)).astype(dtype)
    w2 = rng.uniform(-s2, s2, h).astype(dtype)
    return w1, np.zeros(h, dtype), w2, np.zeros((), dtype)


def predict(
    w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray, x: np.ndarray
) -> np.ndarray:
    """Success probabilities ``(n,)`` for features ``x`` ``(n, d)``."""
    hidden = x @ w1
    hidden += b1
    np.maximum(hidden, 0.0, out=hidden)
    z = hidden @ w2
    z += b2
    # Clip to [-60, 60] (sigmoid is 0 or 1 to float32 precision beyond); two ufuncs do
    # exactly what np.clip does here, without its Python-level dispatch.
    np.maximum(z, -60.0, out=z)
    np.minimum(z, 60.0, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.reciprocal(z, out=z)


def sgd_step(
    w1: np.ndarray,
    b1: np.ndarray,
    w2: np.ndarray,
    b2: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
) -> float:
    """One SGD step on binary cross-entropy over a minibatch, in place.

    Args:
        w1: First-layer weights ``(d, h)``, updated in place.
        b1: First-layer biases ``(h,)``, updated in place.
        w2: Output weights ``(h,)``, updated in place.
        b2: Output bias, a 1-element view, updated in place.
        x: Features ``(n, d)``.
        y: Outcomes ``(n,)`` in {0, 1}.
        lr: Learning rate.

    Returns:
        The minibatch's mean cross-entropy before the update (nats).
    """
    hidden = x @ w1
    hidden += b1
    np.maximum(hidden, 0.0, out=hidden)
    z = hidden @ w2 + b2
    p = 1.0 / (1.0 + np.exp(-z))
    eps = 1e-7
    loss = -float(np.mean(y * np.log(p + eps) + (1.0 - y) * np.log(1.0 - p + eps)))
    g = (p - y) * (lr / len(y))  # dL/dz, scaled by the step size
    dh = np.multiply.outer(g, w2)
    dh *= hidden > 0
    w2 -= hidden.T @ g
    b2 -= g.sum()
    w1 -= x.T @ dh
    b1 -= dh.sum(axis=0)
    return loss
