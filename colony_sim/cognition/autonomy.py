"""Autonomy: LLM-free planning with a small causal plan transformer.

Each agent keeps the plans that reached their goal. Every ``autonomy_period`` cycles it
trains its own transformer (:mod:`colony_sim.models.transformer`, Adam, all tensors) on
them — a sequence is ``[goal token, BOS, step tokens…, EOS]`` — and then generates a plan
for a goal greedily. A plan the gene pool lacks joins it as a template with source
``"autonomy"``, where genesis and the hivemind judge it like any other.

Why numpy and not torch: the default model is tiny (D=16, one layer, ~5k parameters),
so per-call overhead dominates and torch would add ~750 MB to the install for no gain;
the seed-size config runs too (≈0.9 s per training step), for studies that need it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from colony_sim.cognition.genesis import GOALS, Template
from colony_sim.models import planner
from colony_sim.models import transformer as tf
from colony_sim.models.vocab import BOS, FIRST_CONTEXT, kinds_to_tokens, tokens_to_kinds

CONFIG = tf.TransformerConfig(vocab=128, d_model=16, heads=2, d_ff=32, layers=1, seq_len=16)
SHAPES = {"tiny": CONFIG, "small": tf.TRANSFORMER_SMALL, "seed": tf.TRANSFORMER_SEED}
"""``cognition.planner_shape`` → transformer config (seed: 4 layers, D=256, ≈2.2M params)."""
LEARNING_RATE = 0.01
TRAIN_STEPS = 3
MIN_EXAMPLES = 4


def goal_token(goal: str) -> int:
    """Context token of a goal (the first context ids, one per goal)."""
    return FIRST_CONTEXT + GOALS.index(goal)


def new_planner(
    rng: np.random.Generator, shape: str = "tiny"
) -> tuple[dict[str, np.ndarray], Any]:
    """Fresh transformer parameters (of :data:`SHAPES` ``[shape]``) and Adam state."""
    params = tf.init(rng, SHAPES[shape])
    return params, planner.adam_init(params)



def train(
    params: dict[str, np.ndarray],
    adam: Any,
    examples: list[tuple[str, tuple[int, ...]]],
    shape: str = "tiny",
) -> float:
    """A few Adam steps on successful (goal, steps) examples; returns the last loss."""
    plans = [kinds_to_tokens(steps) for _, steps in examples]
    contexts = [[goal_token(goal)] for goal, _ in examples]
    tokens, mask = planner.encode_plans(plans, contexts, seq_len=SHAPES[shape].seq_len)
    loss = float("nan")
    for _ in range(TRAIN_STEPS):
        loss = planner.train_step(params, tokens, mask, LEARNING_RATE, adam)
    return loss


def propose(
    params: dict[str, np.ndarray], goal: str, rng: np.random.Generator, shape: str = "tiny"
) -> Template | None:
    """A greedy plan for ``goal`` as a template, or ``None`` if it has no simulated step."""
    plan = planner.generate(params, [goal_token(goal), BOS], 8, rng, 0.0, SHAPES[shape].seq_len)
    steps = tuple(tokens_to_kinds(plan.tokens))
    return Template(goal, steps, source="autonomy", prior=0.5) if steps else None
