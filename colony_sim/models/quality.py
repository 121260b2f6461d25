"""The seed's code-quality model: diff features → a score in [−1, 1], as pure functions.

A ReLU MLP ``32 → h → h → 1`` with a ``tanh`` output: ``score = tanh(z)`` predicts how
much a commit will move the agent's benchmark (:func:`target_from_delta`), from the 32
features of :mod:`colony_sim.models.diff_features`. Loss is the mean squared error
``mean((score − y)²)``; SGD with the seed's lr 0.0005 and weight decay 0.0001 on weights.
:data:`QUALITY_SEED` is the seed's ``32 → 1024 → 1024 → 1`` (1,084,417 parameters);
:data:`QUALITY_SMALL` is ``32 → 32 → 32 → 1`` (2,145).

Shapes: ``params`` as in :mod:`colony_sim.models.dense`; ``X (n, 32)``, ``y (n,)``;
stacked banks take ``X (A, n, 32)`` and ``y (A, n)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from colony_sim.models import dense
from colony_sim.models._validate import ModelInputError, as_array

N_FEATURES = 32
QUALITY_SEED = (N_FEATURES, 1024, 1024, 1)
QUALITY_SMALL = (N_FEATURES, 32, 32, 1)
LEARNING_RATE = 0.0005
WEIGHT_DECAY = 0.0001
GATE_MIN_STEPS = 10
"""The gate is active once the model has trained this many steps."""
BLOCK_BELOW = -0.1
BLOCK_CONFIDENCE = 0.3


def init(
    rng: np.random.Generator,
    sizes: Sequence[int] = QUALITY_SMALL,
    dtype: type = np.float32,
    agents: int = 0,
) -> dense.Params:
    """Xavier-uniform weights and zero biases; a stacked bank when ``agents > 0``."""
    sizes = dense.check_sizes(sizes)
    if sizes[-1] != 1:
        raise ModelInputError("sizes", "the quality model has one output")
    return dense.init(rng, sizes, dtype, agents)


def forward(params: dense.Params, X: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Scores ``(…, n)`` in [−1, 1] for ``X (n, d)`` (or stacked ``(A, n, d)``), and a cache."""
    stacked = np.ndim(params[0][0]) == 3
    X = dense.check_inputs(params, X, stacked=stacked)
    if params[-1][0].shape[-1] != 1:
        raise ModelInputError("params", "the last layer must have one output")
    z, cache = dense.forward(params, X.astype(params[0][0].dtype, copy=False))
    score = np.tanh(z[..., 0])
    cache.append(score)
    return score, cache


def loss_and_grads(
    params: dense.Params, X: np.ndarray, y: np.ndarray, mask: np.ndarray | None = None
) -> tuple[float | np.ndarray, dense.Params]:
    """Mean squared error over the (live) rows and its gradient.

    Args:
        params: One network, or a stacked bank.
        X: ``(n, d)``, or ``(A, n, d)`` for a bank.
        y: Targets in [−1, 1], ``(n,)`` or ``(A, n)``.
        mask: Live rows, shaped like ``y``; ``None`` means all.

    Returns:
        ``(loss, grads)``; ``loss`` is a float, or ``(A,)`` per agent for a bank.
    """
    score, cache = forward(params, X)
    y = as_array("y", y, shape=score.shape)
    if y.size and (y.min() < -1 or y.max() > 1):
        raise ModelInputError("y", "targets must lie in [-1, 1] (see target_from_delta)")
    if mask is not None:
        mask = as_array("mask", mask, shape=score.shape)
    w = dense.row_weights(mask, score.shape, score.dtype)
    err = score - y.astype(score.dtype, copy=False)
    loss = (w * err * err).sum(axis=-1)
    dz = (2.0 * w * err * (1.0 - score * score))[..., None]
    grads = dense.backward(params, cache[:-1], dz)
    return (float(loss) if loss.ndim == 0 else loss), grads


def sgd(
    params: dense.Params,
    grads: dense.Params,
    lr: float | np.ndarray = LEARNING_RATE,
    weight_decay: float = WEIGHT_DECAY,
) -> None:
    """In place: ``W -= lr·(g + weight_decay·W)``, ``b -= lr·g``."""
    dense.sgd(params, grads, lr, weight_decay)


def target_from_delta(delta: float | np.ndarray) -> float | np.ndarray:
    """The seed's training target ``clamp(delta / 20, −1, 1)`` for a benchmark delta."""
    return np.clip(np.asarray(delta, np.float64) / 20.0, -1.0, 1.0)


def confidence(train_steps: int) -> float:
    """``min(train_steps / 100, 1)``."""
    return min(max(train_steps, 0) / 100.0, 1.0)


def blocks_commit(score: float, train_steps: int) -> bool:
    """The seed's gate: block when trained ≥ 10 steps, score < −0.1 and confidence > 0.3."""
    return (
        train_steps >= GATE_MIN_STEPS
        and score < BLOCK_BELOW
        and confidence(train_steps) > BLOCK_CONFIDENCE
    )
