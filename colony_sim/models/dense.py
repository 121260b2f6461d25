"""Dense ReLU networks as pure numpy functions, for one agent or a stacked bank of agents.

A network of layer sizes ``(d_0, d_1, …, d_L)`` is a list of ``L`` layers ``(W, b)`` with
``W`` of shape ``(d_i, d_{i+1})`` and ``b`` of shape ``(d_{i+1},)``. Hidden layers use
ReLU; the last layer is linear (its logits are interpreted by the caller: the brain's
three heads, the quality model's tanh).

Every function also accepts a *stacked* network: the same list with a leading agent axis,
``W (A, d_i, d_{i+1})`` and ``b (A, d_{i+1})``, and inputs ``X (A, n, d_0)``. ``@``
broadcasts over the leading axis, so one code path serves a single agent (plain
matrices) and the colony's brain service (batched matmuls, no Python loop over agents).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import DTypeLike

from colony_sim.models._validate import ModelInputError, as_array

Layer = tuple[np.ndarray, np.ndarray]
Params = list[Layer]


def check_sizes(sizes: Sequence[int]) -> tuple[int, ...]:
    """Validated layer sizes: at least two, all positive integers."""
    out = tuple(int(s) for s in sizes)
    if len(out) < 2 or any(s < 1 for s in out) or out != tuple(sizes):
        raise ModelInputError("sizes", f"need >= 2 positive integer layer sizes, got {sizes!r}")
    return out


def param_count(sizes: Sequence[int]) -> int:
    """Number of scalars (weights and biases) of a network of ``sizes``."""
    s = check_sizes(sizes)
    return sum(a * b + b for a, b in zip(s[:-1], s[1:], strict=True))


def init(
    rng: np.random.Generator, sizes: Sequence[int], dtype: type = np.float32, agents: int = 0
) -> Params:
    """Xavier-uniform weights ``U(±sqrt(6/(fan_in+fan_out)))`` and zero biases.

    Args:
        rng: Source of the weights.
        sizes: Layer sizes ``(d_0, …, d_L)``.
        dtype: Parameter dtype (float32 for colonies, float64 for gradient checks).
        agents: When > 0, a stacked bank of that many independent networks.

    Returns:
        ``[(W (d_i, d_{i+1}), b (d_{i+1},)), …]``, each with a leading ``(agents,)`` axis
        when ``agents > 0``.
    """
    s = check_sizes(sizes)
    lead = (agents,) if agents > 0 else ()
    params: Params = []
    for fan_in, fan_out in zip(s[:-1], s[1:], strict=True):
        scale = np.sqrt(6.0 / (fan_in + fan_out))
        # Draw in the target dtype and scale in place: a bank of seed-size brains
        # never holds a float64 copy of itself.
        w = rng.random((*lead, fan_in, fan_out), dtype=np.dtype(dtype).type)
        w *= 2.0 * scale
        w -= scale
        params.append((w, np.zeros((*lead, fan_out), dtype)))
    return params


def check_params(params: Params, name: str = "params", stacked: bool = False) -> tuple[int, ...]:
    """Check that consecutive layers chain; returns the layer sizes."""
    if not isinstance(params, list | tuple) or not params:
        raise ModelInputError(name, "expected a non-empty list of (W, b) layers")
    lead = 3 if stacked else 2
    sizes: list[int] = []
    agents = None
    for i, layer in enumerate(params):
        if len(layer) != 2:
            raise ModelInputError(f"{name}[{i}]", "expected a (W, b) pair")
        w, b = layer
        if np.ndim(w) != lead or np.ndim(b) != lead - 1:
            kind = "stacked (A, d_in, d_out)" if stacked else "(d_in, d_out)"
            raise ModelInputError(f"{name}[{i}]", f"expected W {kind}, got {np.shape(w)}")
        if np.shape(b)[-1] != np.shape(w)[-1] or np.shape(b)[:-1] != np.shape(w)[:-2]:
            raise ModelInputError(f"{name}[{i}]", f"b {np.shape(b)} does not match W {w.shape}")
        if stacked:
            agents = w.shape[0] if agents is None else agents
            if w.shape[0] != agents:
                raise ModelInputError(f"{name}[{i}]", "every layer needs the same agent count")
        if sizes and w.shape[-2] != sizes[-1]:
            raise ModelInputError(
                f"{name}[{i}]",
                f"takes {w.shape[-2]} inputs but the previous layer gives {sizes[-1]}",
            )
        if not sizes:
            sizes.append(w.shape[-2])
        sizes.append(w.shape[-1])
    return tuple(sizes)


def check_inputs(params: Params, x: object, stacked: bool = False, name: str = "X") -> np.ndarray:
    """Validate ``x`` against the network: ``(n, d_0)``, or ``(A, n, d_0)`` when stacked."""
    sizes = check_params(params, stacked=stacked)
    if stacked:
        shape: tuple[int | None, ...] = (params[0][0].shape[0], None, sizes[0])
    else:
        shape = (None, sizes[0])
    return as_array(name, x, shape=shape)


def forward(params: Params, x: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Logits of the last layer and the cache for :func:`backward` (no validation).

    Args:
        params: Layers, plain or stacked.
        x: ``(n, d_0)``, or ``(A, n, d_0)`` for a stacked network.

    Returns:
        ``(z, cache)``: ``z`` is ``(…, n, d_L)``; ``cache`` holds each layer's input
        (``x`` and the post-ReLU hidden activations).
    """
    cache = [x]
    a = x
    last = len(params) - 1
    for i, (w, b) in enumerate(params):
        z = a @ w
        z += b[..., None, :]
        if i < last:
            np.maximum(z, 0.0, out=z)
            cache.append(z)
        a = z
    return a, cache


def backward(params: Params, cache: list[np.ndarray], dz: np.ndarray) -> Params:
    """Gradients of every layer given ``dz = dLoss/dz`` of the last layer's logits.

    Args:
        params: Layers, plain or stacked.
        cache: From :func:`forward`.
        dz: ``(…, n, d_L)``; already includes any per-row weights (means, masks).

    Returns:
        ``[(dW, db), …]`` with the shapes of ``params``.
    """
    grads: Params = [None] * len(params)  # type: ignore[list-item]
    for i in range(len(params) - 1, -1, -1):
        a = cache[i]
        dw = np.swapaxes(a, -1, -2) @ dz
        db = dz.sum(axis=-2)
        grads[i] = (dw, db)
        if i > 0:
            dz = dz @ np.swapaxes(params[i][0], -1, -2)
            dz *= a > 0  # a is the ReLU output, so a > 0 exactly where the unit was on
    return grads


def sgd(params: Params, grads: Params, lr: float | np.ndarray, weight_decay: float = 0.0) -> None:
    """In-place SGD with decoupled-from-bias weight decay: ``W -= lr·(g + λW)``, ``b -= lr·g``.

    Args:
        params: Layers, updated in place (plain or stacked).
        grads: Same structure as ``params``.
        lr: Step size; for a stacked network also an array ``(A,)`` of per-agent sizes.
        weight_decay: ``λ``, applied to weights only.
    """
    lr_arr = np.asarray(lr, dtype=params[0][0].dtype)
    if lr_arr.ndim > 1:
        raise ModelInputError("lr", f"expected a scalar or (A,) array, got shape {lr_arr.shape}")
    lw = lr_arr.reshape(-1, 1, 1) if lr_arr.ndim == 1 else lr_arr
    lb = lr_arr.reshape(-1, 1) if lr_arr.ndim == 1 else lr_arr
    for (w, b), (dw, db) in zip(params, grads, strict=True):
        if weight_decay:
            w *= 1.0 - lw * weight_decay
        w -= lw * dw
        b -= lb * db


def row_weights(mask: np.ndarray | None, shape: tuple[int, ...], dtype: DTypeLike) -> np.ndarray:
    """Per-row weights making each agent's loss the mean over its live rows.

    Args:
        mask: ``shape``-shaped, true for real rows (padding false); ``None`` = all real.
        shape: ``(n,)`` or ``(A, n)``.
        dtype: Output dtype.

    Returns:
        ``shape`` weights summing to 1 over the last axis (0 for an agent with no rows).
    """
    live = np.ones(shape, dtype) if mask is None else np.asarray(mask, dtype)
    count = live.sum(axis=-1, keepdims=True)
    return live / np.maximum(count, 1.0)
