"""The seed's step-success brain: a ReLU MLP with three heads, as pure numpy functions.

Sizes are configurable; :data:`BRAIN_SEED` is the seed's ``128 → 1024 → 1024 → 23``
(1,205,271 parameters) and :data:`BRAIN_SMALL` a colony-sized ``128 → 32 → 32 → 23``.
Hidden layers use ReLU; the 23 outputs are logits:

==========  =====================================================================
outputs     meaning
==========  =====================================================================
0           success logit; ``p = sigmoid``, binary cross-entropy
1–11        error-category logits, softmax cross-entropy over
            :data:`colony_sim.ports.ERROR_CATEGORIES` (seed order; a success is
            trained toward ``unknown``, as in the seed)
12–22       capability confidences (sigmoid) over :data:`CAPABILITIES`; only the
            example's own slot is trained (target = success), its BCE divided by 11
==========  =====================================================================

Per example ``loss = BCE(z0, s) + CE(z[1:12], e) + BCE(z[12 + c], s) / 11``; a batch
loss is the mean over rows (nats). Training is SGD with the seed's schedule,
``lr = 0.003 / (1 + steps / 100000)`` (:func:`learning_rate`), weight decay 0.0002 on
weights only (:func:`sgd`).

The 128 inputs are built by :func:`colony_sim.models.brain_features.encode_steps`, whose
docstring has the full column table: 0–13 the seed's step-type one-hot (our nine step
kinds on their nearest seed types), 14 LLM step, 15–35 plan and agent state (progress,
success rates, consecutive failures, cycles, hours since commit, steps remaining,
endpoints, fitness, pass rate from IQ, peers, benchmarks, training steps, generation;
the seed quantities we lack — replans, goals, ELO, solved problems — are zero), 36–59
the seed's self-play slots (zero), 60–63 colony context, 64–66 ours in the seed's
reserved range (read earlier in plan, check earlier in plan, ln code quality),
67–127 zero.

Shapes: one agent's ``params`` is ``[(W (d_i, d_{i+1}), b (d_{i+1},)), …]`` and ``X`` is
``(n, 128)``. The brain service works on a *stacked* bank (each tensor with a leading
``(A,)`` agent axis) and ``X (A, n, 128)`` (``*_many`` functions); rows of an agent can be
padded and masked out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from colony_sim.models import dense
from colony_sim.models._validate import ModelInputError, as_array, check_range
from colony_sim.ports import ERROR_CATEGORIES
from colony_sim.sim.body import STEP_KINDS

N_INPUTS = 128
N_ERRORS = len(ERROR_CATEGORIES)
CAPABILITIES = (
    "file_read",
    "file_write",
    "code_compile",
    "test_pass",
    "shell_exec",
    "peer_call",
    "endpoint_create",
    "git_ops",
    "code_gen",
    "code_search",
    "plan_complete",
)
"""The seed's 11 capability slots, in output order (outputs 12–22)."""
N_CAPABILITIES = len(CAPABILITIES)
N_OUTPUTS = 1 + N_ERRORS + N_CAPABILITIES

BRAIN_SEED = (N_INPUTS, 1024, 1024, N_OUTPUTS)
"""The seed's layer sizes (1,205,271 parameters)."""
BRAIN_SMALL = (N_INPUTS, 32, 32, N_OUTPUTS)
"""A colony-sized brain (5,943 parameters)."""

CAPABILITY_OF_KIND = {
    "read_file": "file_read",
    "edit_code": "file_write",
    "check": "code_compile",
    "commit": "git_ops",
    "create_cartridge": "code_gen",
    "test_cartridge": "test_pass",
    "deploy": "endpoint_create",
    "benchmark": "test_pass",  # the seed folds benchmark regressions into TestPass
    "call_peer": "peer_call",
}
"""Capability slot trained by each simulated step kind (:data:`STEP_KINDS`)."""
CAPABILITY_INDEX = np.array(
    [CAPABILITIES.index(CAPABILITY_OF_KIND[k]) for k in STEP_KINDS], np.int64
)
"""``CAPABILITY_INDEX[kind]``: capability slot of a step kind index."""

BASE_LR = 0.003
WEIGHT_DECAY = 0.0002
_UNKNOWN = ERROR_CATEGORIES.index("unknown")


class BrainTargets(NamedTuple):
    """What each example teaches; every field is ``(n,)`` (or ``(A, n)`` when stacked).

    Attributes:
        success: 1.0 when the step succeeded, else 0.0.
        error: Index into ``ERROR_CATEGORIES`` (``unknown`` for successes).
        capability: Index into :data:`CAPABILITIES` of the step's own slot.
    """

    success: np.ndarray
    error: np.ndarray
    capability: np.ndarray


def make_targets(
    ok: Sequence[bool] | np.ndarray,
    errors: Sequence[str | None],
    kinds: Sequence[int] | np.ndarray,
) -> BrainTargets:
    """Targets from executed steps (outcome flags, error names, step kind indices).

    Raises:
        ModelInputError: An error name is not one of ``ERROR_CATEGORIES``.
    """
    if not len(ok) == len(errors) == len(kinds):
        raise ModelInputError("errors", "ok, errors and kinds must have the same length")
    try:
        err = [_UNKNOWN if e is None else ERROR_CATEGORIES.index(e) for e in errors]
    except ValueError:
        bad = sorted({e for e in errors if e is not None and e not in ERROR_CATEGORIES})
        raise ModelInputError("errors", f"unknown categories {bad}") from None
    kind_arr = as_array("kinds", np.asarray(kinds, np.int64), ndim=1, integer=True)
    check_range("kinds", kind_arr, 0, len(STEP_KINDS))
    return BrainTargets(
        np.asarray(ok, np.float64), np.asarray(err, np.int64), CAPABILITY_INDEX[kind_arr]
    )


def learning_rate(steps: int | np.ndarray, base: float = BASE_LR) -> float | np.ndarray:
    """The seed's decayed step size ``base / (1 + steps / 100000)``."""
    return base / (1.0 + np.asarray(steps, np.float64) / 100_000.0)


def init(
    rng: np.random.Generator,
    sizes: Sequence[int] = BRAIN_SMALL,
    dtype: type = np.float32,
    agents: int = 0,
) -> dense.Params:
    """Xavier-uniform brain (zero biases); a stacked bank when ``agents > 0``.

    Raises:
        ModelInputError: ``sizes`` does not end in the 23 outputs.
    """
    sizes = dense.check_sizes(sizes)
    if sizes[-1] != N_OUTPUTS:
        raise ModelInputError("sizes", f"the last layer must have {N_OUTPUTS} outputs")
    return dense.init(rng, sizes, dtype, agents)


def forward(params: dense.Params, X: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Output logits ``(n, 23)`` for inputs ``X (n, d_0)``, and the backward cache."""
    X = dense.check_inputs(params, X)
    _check_outputs(params)
    return dense.forward(params, X.astype(params[0][0].dtype, copy=False))


def forward_many(stacked: dense.Params, X: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Logits ``(A, n, 23)`` of ``A`` agents' brains on their own rows ``X (A, n, d_0)``."""
    X = dense.check_inputs(stacked, X, stacked=True)
    _check_outputs(stacked)
    return dense.forward(stacked, X.astype(stacked[0][0].dtype, copy=False))


def probabilities(logits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Heads as probabilities: ``p_success (…, n)``, ``p_error``, ``p_cap`` ``(…, n, 11)``."""
    p_success = _sigmoid(logits[..., 0])
    p_error = _softmax(logits[..., 1 : 1 + N_ERRORS])
    p_cap = _sigmoid(logits[..., 1 + N_ERRORS :])
    return p_success, p_error, p_cap


def head_loss(
    logits: np.ndarray, targets: BrainTargets, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted loss of the three heads and its gradient with respect to the logits.

    Args:
        logits: ``(…, n, 23)``.
        targets: Fields shaped ``(…, n)``.
        weights: ``(…, n)`` row weights (``1/n`` for a mean; 0 for padding).

    Returns:
        ``(loss (…), dlogits (…, n, 23))`` where ``loss = Σ_rows weight · row_loss``.
    """
    s = targets.success.astype(logits.dtype, copy=False)
    z0 = logits[..., 0]
    row = _softplus(z0) - s * z0
    d = np.empty_like(logits)
    d[..., 0] = _sigmoid(z0) - s
    ze = logits[..., 1 : 1 + N_ERRORS]
    log_p = ze - ze.max(axis=-1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(axis=-1, keepdims=True))
    e = targets.error[..., None]
    row -= np.take_along_axis(log_p, e, axis=-1)[..., 0]
    de = np.exp(log_p)
    np.put_along_axis(de, e, np.take_along_axis(de, e, axis=-1) - 1.0, axis=-1)
    d[..., 1 : 1 + N_ERRORS] = de
    zc_all = logits[..., 1 + N_ERRORS :]
    c = targets.capability[..., None]
    zc = np.take_along_axis(zc_all, c, axis=-1)[..., 0]
    row += (_softplus(zc) - s * zc) / N_CAPABILITIES
    dc = np.zeros_like(zc_all)
    np.put_along_axis(dc, c, ((_sigmoid(zc) - s) / N_CAPABILITIES)[..., None], axis=-1)
    d[..., 1 + N_ERRORS :] = dc
    w = weights.astype(logits.dtype, copy=False)
    d *= w[..., None]
    return (row * w).sum(axis=-1), d


def loss_and_grads(
    params: dense.Params, X: np.ndarray, targets: BrainTargets
) -> tuple[float, dense.Params]:
    """Mean loss over the ``n`` rows (nats) and its gradient for every layer.

    Args:
        params: One agent's layers.
        X: ``(n, d_0)`` inputs.
        targets: Fields ``(n,)``.
    """
    logits, cache = forward(params, X)
    t = _check_targets(targets, logits.shape[:-1])
    w = dense.row_weights(None, logits.shape[:-1], logits.dtype)
    loss, d = head_loss(logits, t, w)
    return float(loss), dense.backward(params, cache, d)


def grads_many(
    stacked: dense.Params,
    X: np.ndarray,
    targets: BrainTargets,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, dense.Params]:
    """Each agent's mean loss over its own live rows and the gradient of it, batched.

    Args:
        stacked: ``A`` agents' layers (leading agent axis).
        X: ``(A, n, d_0)``; rows beyond an agent's count are padding.
        targets: Fields ``(A, n)``.
        mask: ``(A, n)``, true for real rows; ``None`` means every row is real.

    Returns:
        ``(loss (A,), grads)``; agent ``a``'s slice equals :func:`loss_and_grads` on
        its live rows.
    """
    logits, cache = forward_many(stacked, X)
    shape = logits.shape[:-1]
    t = _check_targets(targets, shape)
    if mask is not None:
        mask = as_array("mask", mask, shape=shape)
    w = dense.row_weights(mask, shape, logits.dtype)
    loss, d = head_loss(logits, t, w)
    return loss, dense.backward(stacked, cache, d)


def sgd(
    params: dense.Params,
    grads: dense.Params,
    lr: float | np.ndarray,
    weight_decay: float = WEIGHT_DECAY,
) -> None:
    """In place: ``W -= lr·(g + weight_decay·W)``, ``b -= lr·g`` (``lr`` may be ``(A,)``)."""
    dense.sgd(params, grads, lr, weight_decay)


def train_many(
    stacked: dense.Params,
    X: np.ndarray,
    targets: BrainTargets,
    lr: float | np.ndarray,
    mask: np.ndarray | None = None,
    weight_decay: float = WEIGHT_DECAY,
    chunk: int = 8,
) -> np.ndarray:
    """One SGD step per agent, in place, ``chunk`` agents at a time.

    Working in chunks bounds the gradient memory to ``chunk`` agents' parameters, so a
    bank of seed-size brains needs little more than its own bytes.

    Args:
        stacked: ``A`` agents' layers, updated in place.
        X: ``(A, n, d_0)``.
        targets: Fields ``(A, n)``.
        lr: Step size, scalar or ``(A,)`` (e.g. :func:`learning_rate` of each agent).
        mask: ``(A, n)`` live rows, or ``None``.
        weight_decay: Decay on weights.
        chunk: Agents per batched pass.

    Returns:
        Loss of each agent before its step, ``(A,)``.
    """
    agents = stacked[0][0].shape[0]
    lr_arr = np.broadcast_to(np.asarray(lr, np.float64), (agents,))
    losses = np.empty(agents)
    for lo in range(0, agents, max(chunk, 1)):
        sl = slice(lo, lo + max(chunk, 1))
        part = [(w[sl], b[sl]) for w, b in stacked]  # views: updates land in the bank
        sub_t = BrainTargets(*(np.asarray(f)[sl] for f in targets))
        sub_mask = None if mask is None else np.asarray(mask)[sl]
        loss, grads = grads_many(part, np.asarray(X)[sl], sub_t, sub_mask)
        dense.sgd(part, grads, lr_arr[sl], weight_decay)
        losses[sl] = loss
    return losses


def _check_outputs(params: dense.Params) -> None:
    if params[-1][0].shape[-1] != N_OUTPUTS:
        raise ModelInputError("params", f"the last layer must have {N_OUTPUTS} outputs")


def _check_targets(targets: BrainTargets, shape: tuple[int, ...]) -> BrainTargets:
    success = as_array("targets.success", targets.success, shape=shape)
    if success.size and (success.min() < 0 or success.max() > 1):
        raise ModelInputError("targets.success", "entries must lie in [0, 1]")
    error = as_array("targets.error", targets.error, shape=shape, integer=True)
    check_range("targets.error", error, 0, N_ERRORS)
    cap = as_array("targets.capability", targets.capability, shape=shape, integer=True)
    check_range("targets.capability", cap, 0, N_CAPABILITIES)
    return BrainTargets(success, error, cap)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free logistic


def _softplus(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
