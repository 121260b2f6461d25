"""Causal plan transformer as pure numpy functions, with a hand-written backward pass.

Architecture (the seed's ``transformer.rs``, every parameter trained):

* ``x = E[tokens] + PE`` — token embedding ``E (V, D)`` plus fixed sinusoidal positions
  (sin on even dimensions, cos on odd, base 10000).
* ``L`` post-norm blocks: ``x = LN1(x + Attn(x))``, then ``x = LN2(x + FFN(x))``.
  ``Attn`` is multi-head causal self-attention with per-head ``Wq, Wk, Wv (H, D, D/H)``,
  scores scaled by ``1/sqrt(D/H)``, the heads concatenated and projected by
  ``Wo (D, D)`` (no biases, as in the seed). ``FFN(x) = ReLU(x W1 + b1) W2 + b2``.
  LayerNorm has a learnable scale *and* bias (the seed's has no bias), eps 1e-5.
* ``logits = x Wout + bout (V,)`` at every position.

:data:`TRANSFORMER_SEED` is the seed's V=128, D=256, H=8, D_ff=512, L=4, seq 64:
2,169,984 parameters (the seed's own layout, without LayerNorm biases, has 2,167,936;
the "≈2.2M" of the brief is within 1.5% of either). :data:`TRANSFORMER_SMALL` is
D=32, H=4, D_ff=64, L=2.

Parameters are a flat ``dict[str, ndarray]``: ``embed``, ``out_w``, ``out_b`` and per
layer ``l`` the keys ``{l}.wq``, ``{l}.wk``, ``{l}.wv``, ``{l}.wo``, ``{l}.ln1_g``,
``{l}.ln1_b``, ``{l}.w1``, ``{l}.b1``, ``{l}.w2``, ``{l}.b2``, ``{l}.ln2_g``, ``{l}.ln2_b``.

Training and generation live in :mod:`colony_sim.models.planner` and are re-exported
here (:func:`train_step`, :func:`generate`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from colony_sim.models._validate import ModelInputError, as_array, check_range

Params = dict[str, np.ndarray]
LN_EPS = 1e-5


@dataclass(frozen=True, kw_only=True)
class TransformerConfig:
    """Sizes of a plan transformer.

    Attributes:
        vocab: Token ids ``0 … vocab-1``.
        d_model: Width ``D`` of the residual stream.
        heads: Attention heads ``H``; ``D`` must be a multiple of it.
        d_ff: Hidden width of the feed-forward blocks.
        layers: Number of blocks ``L``.
        seq_len: Longest sequence the model is used on (training and generation).
    """

    vocab: int = 128
    d_model: int = 32
    heads: int = 4
    d_ff: int = 64
    layers: int = 2
    seq_len: int = 64

    def __post_init__(self) -> None:
        for name in ("vocab", "d_model", "heads", "d_ff", "layers", "seq_len"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ModelInputError(f"config.{name}", f"must be a positive int, got {value!r}")
        if self.d_model % self.heads:
            raise ModelInputError("config.heads", "d_model must be a multiple of heads")


TRANSFORMER_SEED = TransformerConfig(
    vocab=128, d_model=256, heads=8, d_ff=512, layers=4, seq_len=64
)
TRANSFORMER_SMALL = TransformerConfig()


def param_shapes(config: TransformerConfig) -> dict[str, tuple[int, ...]]:
    """Name → shape of every parameter tensor."""
    v, d, h, f = config.vocab, config.d_model, config.heads, config.d_ff
    shapes: dict[str, tuple[int, ...]] = {"embed": (v, d)}
    for layer in range(config.layers):
        p = f"{layer}."
        shapes.update({p + "wq": (h, d, d // h), p + "wk": (h, d, d // h)})
        shapes.update({p + "wv": (h, d, d // h), p + "wo": (d, d)})
        shapes.update({p + "ln1_g": (d,), p + "ln1_b": (d,)})
        shapes.update({p + "w1": (d, f), p + "b1": (f,), p + "w2": (f, d), p + "b2": (d,)})
        shapes.update({p + "ln2_g": (d,), p + "ln2_b": (d,)})
    shapes.update({"out_w": (d, v), "out_b": (v,)})
    return shapes


def param_count(config: TransformerConfig) -> int:
    """Number of scalars of a transformer of ``config``."""
    return sum(int(np.prod(s)) for s in param_shapes(config).values())


def init(
    rng: np.random.Generator,
    config: TransformerConfig = TRANSFORMER_SMALL,
    dtype: type = np.float32,
) -> Params:
    """Xavier-uniform matrices, zero biases, LayerNorm scales 1."""
    params: Params = {}
    for name, shape in param_shapes(config).items():
        leaf = name.split(".")[-1]
        if leaf.endswith("_g"):
            params[name] = np.ones(shape, dtype)
        elif len(shape) == 1:
            params[name] = np.zeros(shape, dtype)
        else:
            fan_in, fan_out = shape[-2], shape[-1]
            scale = np.sqrt(6.0 / (fan_in + fan_out))
            params[name] = rng.uniform(-scale, scale, shape).astype(dtype)
    return params


def config_of(params: Params) -> TransformerConfig:
    """The configuration implied by ``params``.

    ``seq_len`` is not stored in the parameters (positions are computed, not learned)
    and is left at its default.
    """
    try:
        v, d = params["embed"].shape
        layers = sum(1 for k in params if k.endswith(".wq"))
        h = params["0.wq"].shape[0]
        f = params["0.w1"].shape[1]
    except (KeyError, ValueError, IndexError):
        raise ModelInputError("params", "not a transformer parameter dict (see init)") from None
    config = TransformerConfig(vocab=v, d_model=d, heads=h, d_ff=f, layers=layers)
    shapes = param_shapes(config)
    if set(shapes) != set(params):
        raise ModelInputError("params", f"keys differ from {sorted(shapes)}")
    for k, s in shapes.items():
        if params[k].shape != s:
            raise ModelInputError(f"params[{k!r}]", f"expected shape {s}, got {params[k].shape}")
    return config


@lru_cache(maxsize=32)
def positional_encoding(length: int, d_model: int) -> np.ndarray:
    """Fixed sinusoidal positions ``(length, d_model)`` float64, read-only."""
    pos = np.arange(length)[:, None]
    rate = 10000.0 ** (-(np.arange(d_model) // 2 * 2) / d_model)
    angle = pos * rate[None, :]
    pe = np.where(np.arange(d_model) % 2 == 0, np.sin(angle), np.cos(angle))
    pe.flags.writeable = False
    return pe


def check_tokens(tokens: object, vocab: int, name: str = "tokens") -> np.ndarray:
    """Validate a ``(B, T)`` integer token batch with ids in ``[0, vocab)``."""
    arr = as_array(name, tokens, ndim=2, integer=True)
    if arr.shape[1] < 1:
        raise ModelInputError(name, "needs at least one position")
    check_range(name, arr, 0, vocab)
    return arr


def _layer_norm(u: np.ndarray, g: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    mu = u.mean(axis=-1, keepdims=True)
    centred = u - mu
    inv = 1.0 / np.sqrt((centred * centred).mean(axis=-1, keepdims=True) + LN_EPS)
    xhat = centred * inv
    return xhat * g + b, (xhat, inv)


def _layer_norm_back(dy: np.ndarray, g: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    xhat, inv = cache
    dg = (dy * xhat).sum(axis=(0, 1))
    db = dy.sum(axis=(0, 1))
    dxhat = dy * g
    du = inv * (
        dxhat
        - dxhat.mean(axis=-1, keepdims=True)
        - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True)
    )
    return du, dg, db


def _side_by_side(w: np.ndarray) -> np.ndarray:
    """Per-head weights ``(H, D, dh)`` as one ``(D, H·dh)`` matrix (heads side by side)."""
    return w.transpose(1, 0, 2).reshape(w.shape[1], -1)


def _project(xf: np.ndarray, w: np.ndarray, bsz: int, t: int) -> np.ndarray:
    """Rows ``xf (B·T, D)`` through per-head weights ``w (H, D, dh)``: ``(B, H, T, dh)``."""
    h, _, dh = w.shape
    return (xf @ _side_by_side(w)).reshape(bsz, t, h, dh).transpose(0, 2, 1, 3)


def _causal_bias(t: int, dtype: Any) -> np.ndarray:
    return np.triu(np.full((t, t), -np.inf, dtype), k=1)


def forward(params: Params, tokens: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Next-token logits ``(B, T, V)`` at every position of ``tokens (B, T)``.

    Position ``t`` sees tokens ``0 … t`` only. Returns the logits and a cache for
    :func:`backward`.
    """
    config = config_of(params)
    tokens = check_tokens(tokens, config.vocab)
    dtype = params["embed"].dtype
    bsz, t = tokens.shape
    h, dh = config.heads, config.d_model // config.heads
    x = params["embed"][tokens] + positional_encoding(t, config.d_model).astype(dtype)
    bias = _causal_bias(t, dtype)
    scale = 1.0 / math.sqrt(dh)  # a Python float: keeps float32 maths in float32
    caches = []
    for layer in range(config.layers):
        p = f"{layer}."
        xf = x.reshape(bsz * t, config.d_model)
        q, k, v = (_project(xf, params[p + n], bsz, t) for n in ("wq", "wk", "wv"))
        s = (q @ np.swapaxes(k, -1, -2)) * scale + bias
        s -= s.max(axis=-1, keepdims=True)
        att = np.exp(s)
        att /= att.sum(axis=-1, keepdims=True)
        heads = (att @ v).transpose(0, 2, 1, 3).reshape(bsz, t, h * dh)
        h1, ln1 = _layer_norm(
            x + heads @ params[p + "wo"], params[p + "ln1_g"], params[p + "ln1_b"]
        )
        r = h1 @ params[p + "w1"] + params[p + "b1"]
        np.maximum(r, 0.0, out=r)
        x_next, ln2 = _layer_norm(
            h1 + r @ params[p + "w2"] + params[p + "b2"], params[p + "ln2_g"], params[p + "ln2_b"]
        )
        caches.append((x, q, k, v, att, heads, h1, ln1, r, ln2))
        x = x_next
    logits = x @ params["out_w"] + params["out_b"]
    return logits, [tokens, x, caches]


def backward(params: Params, cache: list[Any], dlogits: np.ndarray) -> Params:
    """Gradients of every parameter given ``dlogits = dLoss/dlogits (B, T, V)``."""
    tokens, x_last, caches = cache
    grads: Params = {}
    bsz, t = tokens.shape
    d_model = params["embed"].shape[1]
    flat = dlogits.reshape(-1, dlogits.shape[-1])
    grads["out_w"] = x_last.reshape(-1, d_model).T @ flat
    grads["out_b"] = flat.sum(axis=0)
    dx = dlogits @ params["out_w"].T
    for layer in range(len(caches) - 1, -1, -1):
        p = f"{layer}."
        x, q, k, v, att, heads, h1, ln1, r, ln2 = caches[layer]
        n_heads, dh = q.shape[1], q.shape[-1]
        scale = 1.0 / math.sqrt(dh)
        dv2, grads[p + "ln2_g"], grads[p + "ln2_b"] = _layer_norm_back(dx, params[p + "ln2_g"], ln2)
        rows = dv2.reshape(-1, d_model)
        grads[p + "w2"] = r.reshape(-1, r.shape[-1]).T @ rows
        grads[p + "b2"] = rows.sum(axis=0)
        dr = dv2 @ params[p + "w2"].T
        dr *= r > 0
        dr_rows = dr.reshape(-1, dr.shape[-1])
        grads[p + "w1"] = h1.reshape(-1, d_model).T @ dr_rows
        grads[p + "b1"] = dr_rows.sum(axis=0)
        dh1 = dv2 + dr @ params[p + "w1"].T
        du, grads[p + "ln1_g"], grads[p + "ln1_b"] = _layer_norm_back(dh1, params[p + "ln1_g"], ln1)
        grads[p + "wo"] = heads.reshape(-1, d_model).T @ du.reshape(-1, d_model)
        dheads = (du @ params[p + "wo"].T).reshape(bsz, t, n_heads, dh).transpose(0, 2, 1, 3)
        datt = dheads @ np.swapaxes(v, -1, -2)
        dv = np.swapaxes(att, -1, -2) @ dheads
        ds = att * (datt - (datt * att).sum(axis=-1, keepdims=True)) * scale
        dq = ds @ k
        dk = np.swapaxes(ds, -1, -2) @ q
        x_rows = x.reshape(-1, d_model).T  # (D, B·T)
        dx = du.copy()
        for name, dproj in (("wq", dq), ("wk", dk), ("wv", dv)):
            dflat = dproj.transpose(0, 2, 1, 3).reshape(bsz * t, d_model)  # heads side by side
            grads[p + name] = np.ascontiguousarray(
                (x_rows @ dflat).reshape(d_model, n_heads, dh).transpose(1, 0, 2)
            )
            dx += (dflat @ _side_by_side(params[p + name]).T).reshape(bsz, t, d_model)
    dembed = np.zeros_like(params["embed"])
    np.add.at(dembed, tokens.reshape(-1), dx.reshape(-1, d_model))
    grads["embed"] = dembed
    return grads


def loss_and_grads(
    params: Params, tokens: np.ndarray, mask: np.ndarray | None = None
) -> tuple[float, Params]:
    """Mean next-token cross-entropy (nats) over the masked targets, and its gradient.

    Position ``t`` of ``tokens[:, :-1]`` is trained to predict ``tokens[:, t + 1]``,
    counted when ``mask[:, t + 1]`` is true.

    Args:
        params: Transformer parameters.
        tokens: ``(B, T)`` ids; padding must be trailing (causal attention then never
            lets a padded position influence a real one).
        mask: ``(B, T)``, true where the token is a training target; ``None`` means
            every non-PAD token after the first.

    Returns:
        ``(loss, grads)``; zero loss and gradients when no target is masked in.
    """
    config = config_of(params)
    tokens = check_tokens(tokens, config.vocab)
    if tokens.shape[1] < 2:
        raise ModelInputError("tokens", "needs at least two positions (input and target)")
    if mask is None:
        mask = tokens != 0
    mask = as_array("mask", mask, shape=tokens.shape)
    logits, cache = forward(params, tokens[:, :-1])
    target = tokens[:, 1:]
    weight = mask[:, 1:].astype(logits.dtype)
    total = weight.sum()
    weight /= max(total, 1.0)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_z = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    log_p = shifted - log_z
    picked = np.take_along_axis(log_p, target[..., None], axis=-1)[..., 0]
    loss = -float((picked * weight).sum())
    d = np.exp(log_p)
    np.put_along_axis(d, target[..., None], np.take_along_axis(d, target[..., None], -1) - 1, -1)
    d *= weight[..., None]
    return loss, backward(params, cache, d)


_PLANNER_NAMES = frozenset(
    {"train_step", "generate", "generate_best", "adam_init", "AdamState", "Plan", "encode_plans"}
)


def __getattr__(name: str) -> Any:
    """Training and generation names, re-exported lazily from :mod:`planner`."""
    if name in _PLANNER_NAMES:
        from colony_sim.models import planner

        return getattr(planner, name)
    raise AttributeError(name)
