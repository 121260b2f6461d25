"""Training and generation for the plan transformer (:mod:`colony_sim.models.transformer`).

Sequences are ``[context…, BOS, step₁ … stepₙ, EOS, PAD…]`` (:func:`encode_plans`).
Teacher forcing trains every step token *and* EOS as a target (the seed never trains
EOS, so its plans end only at ``max_steps``; ours learn where a plan stops). Context
tokens and BOS are inputs only.

Optimiser: Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) with global gradient-norm clipping at 1.0.
We train *every* tensor of a post-norm transformer, whose parameters differ in scale
by orders of magnitude (embeddings, LayerNorm gains, attention projections); plain SGD
needs a per-tensor learning-rate search and thousands of steps to fit even a handful of
plans, while Adam's per-coordinate scaling fits them in a few hundred with one
learning rate (1e-2 for the small model, 1e-3 for the seed size). Clipping plays the
role of the seed's clipping of the logit gradient to norm 1.

Generation masks PAD, BOS, UNK and the context tokens 50–127 (a plan is made of step
tokens 4–49 and ends with EOS), is greedy when ``temperature < 0.1`` and samples from
the temperature-scaled, renormalised distribution otherwise. ``confidence`` is
``exp(mean log p)`` of the chosen tokens (EOS included) under the masked distribution
at temperature 1, so candidates drawn at different temperatures compare fairly (the
seed uses the unmasked, temperature-scaled probabilities).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from colony_sim.floats import left_sum
from colony_sim.models import transformer as tf
from colony_sim.models._validate import ModelInputError, as_array, check_range
from colony_sim.models.vocab import BOS, EOS, FIRST_CONTEXT, PAD, UNK

SEQ_LEN = 64
TEMPERATURES = (0.0, 0.3, 0.5, 0.7, 1.0)
"""Temperatures cycled by :func:`generate_best` (the seed's ``generate_best_plan``)."""


@dataclass
class AdamState:
    """Adam moments for every parameter tensor, and the step count.

    Attributes:
        m: First moments, same keys and shapes as the parameters.
        v: Second moments.
        steps: Updates applied so far.
    """

    m: tf.Params
    v: tf.Params
    steps: int = 0
    beta1: float = field(default=0.9)
    beta2: float = field(default=0.999)
    eps: float = field(default=1e-8)


class Plan(NamedTuple):
    """A generated plan.

    Attributes:
        tokens: Step token ids, EOS excluded.
        confidence: ``exp(mean log p)`` of the choices, in (0, 1].
    """

    tokens: tuple[int, ...]
    confidence: float


def adam_init(params: tf.Params) -> AdamState:
    """Zero moments shaped like ``params``."""
    return AdamState(
        {k: np.zeros_like(p) for k, p in params.items()},
        {k: np.zeros_like(p) for k, p in params.items()},
    )


def encode_plans(
    plans: Sequence[Sequence[int]],
    contexts: Sequence[Sequence[int]] | None = None,
    seq_len: int = SEQ_LEN,
) -> tuple[np.ndarray, np.ndarray]:
    """A padded batch of training sequences and its target mask.

    Args:
        plans: Step token ids of each plan (4–49).
        contexts: Context token ids per plan (50–127), or ``None`` for none.
        seq_len: Longest allowed sequence.

    Returns:
        ``(tokens (B, T), mask (B, T))`` with ``T`` the longest sequence; ``mask`` is true
        at the step tokens and the EOS.
    """
    if contexts is None:
        contexts = [()] * len(plans)
    if len(contexts) != len(plans) or not plans:
        raise ModelInputError("contexts", "need one context per plan and at least one plan")
    rows = []
    for i, (steps, ctx) in enumerate(zip(plans, contexts, strict=True)):
        row = [*ctx, BOS, *steps, EOS]
        if len(row) > seq_len:
            raise ModelInputError(f"plans[{i}]", f"{len(row)} tokens exceed seq_len {seq_len}")
        rows.append((row, len(ctx) + 1))
    width = max(len(r) for r, _ in rows)
    tokens = np.full((len(rows), width), PAD, np.int64)
    mask = np.zeros((len(rows), width), bool)
    for i, (row, first_target) in enumerate(rows):
        tokens[i, : len(row)] = row
        mask[i, first_target : len(row)] = True
    return tokens, mask


def train_step(
    params: tf.Params,
    tokens: np.ndarray,
    mask: np.ndarray | None,
    lr: float,
    adam: AdamState,
    clip: float = 1.0,
) -> float:
    """One Adam step on a batch, updating ``params`` and ``adam`` in place.

    Args:
        params: Transformer parameters.
        tokens: ``(B, T)`` sequences (see :func:`encode_plans`).
        mask: ``(B, T)`` training targets, or ``None`` for every non-PAD token.
        lr: Adam step size.
        adam: Moments from :func:`adam_init`.
        clip: Global gradient-norm limit (0 disables).

    Returns:
        The batch loss before the step (nats per target token).
    """
    if not (isinstance(lr, int | float) and math.isfinite(lr) and lr > 0):
        raise ModelInputError("lr", f"must be a positive finite number, got {lr!r}")
    loss, grads = tf.loss_and_grads(params, tokens, mask)
    norm = math.sqrt(left_sum(float(np.vdot(g, g)) for g in grads.values()))
    factor = clip / norm if clip and norm > clip else 1.0
    adam.steps += 1
    b1, b2 = adam.beta1, adam.beta2
    step = lr * math.sqrt(1 - b2**adam.steps) / (1 - b1**adam.steps)
    for k, p in params.items():
        g = grads[k] * factor
        m, v = adam.m[k], adam.v[k]
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g * g
        p -= step * m / (np.sqrt(v) + adam.eps)
    return loss


def _banned(vocab: int) -> np.ndarray:
    banned = np.zeros(vocab, bool)
    banned[[PAD, BOS, UNK]] = True
    banned[FIRST_CONTEXT:] = True
    return banned


def generate(
    params: tf.Params,
    prefix: Sequence[int],
    max_steps: int,
    rng: np.random.Generator,
    temperature: float = 0.0,
    seq_len: int = SEQ_LEN,
) -> Plan:
    """Generate a plan after ``prefix`` (usually ``[context…, BOS]``).

    Args:
        params: Transformer parameters.
        prefix: Token ids to condition on; empty means ``[BOS]``.
        max_steps: Most step tokens to produce.
        rng: Source of the samples (unused when greedy).
        temperature: Softmax temperature; below 0.1 the choice is greedy.
        seq_len: Longest sequence (prefix plus steps) the model sees.

    Returns:
        The steps produced before EOS (or the limit) and their confidence.
    """
    config = tf.config_of(params)
    seq = list(prefix) or [BOS]
    arr = as_array("prefix", np.asarray(seq, np.int64), ndim=1, integer=True)
    check_range("prefix", arr, 0, config.vocab)
    if len(seq) >= seq_len:
        raise ModelInputError("prefix", f"{len(seq)} tokens leave no room in seq_len {seq_len}")
    if not math.isfinite(temperature) or temperature < 0:
        raise ModelInputError("temperature", "must be finite and >= 0")
    banned = _banned(config.vocab)
    steps: list[int] = []
    log_p: list[float] = []
    while len(steps) < max_steps and len(seq) < seq_len:
        logits = tf.forward(params, np.asarray([seq], np.int64))[0][0, -1].astype(np.float64)
        logits[banned] = -np.inf
        base = _log_softmax(logits)
        if temperature < 0.1:
            choice = int(np.argmax(logits))
        else:
            probs = np.exp(_log_softmax(logits / temperature))
            choice = int(rng.choice(config.vocab, p=probs / probs.sum()))
        log_p.append(float(base[choice]))
        if choice == EOS:
            break
        steps.append(choice)
        seq.append(choice)
    confidence = math.exp(left_sum(log_p) / len(log_p)) if log_p else 0.0
    return Plan(tuple(steps), confidence)


def generate_best(
    params: tf.Params,
    prefix: Sequence[int],
    max_steps: int,
    rng: np.random.Generator,
    candidates: int = 5,
    seq_len: int = SEQ_LEN,
) -> Plan:
    """The most confident of ``candidates`` plans, cycling through :data:`TEMPERATURES`."""
    plans = [
        generate(params, prefix, max_steps, rng, TEMPERATURES[i % len(TEMPERATURES)], seq_len)
        for i in range(max(candidates, 1))
    ]
    return max(plans, key=lambda p: p.confidence)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z[np.isfinite(z)].max()
    return shifted - np.log(np.exp(shifted).sum())
