"""Parameter counts of the three neural models, for the seed and the colony sizes.

``param_count`` accepts a dense layer-size tuple (brain, quality model) or a
:class:`~colony_sim.models.transformer.TransformerConfig`. :func:`model_table` lists
every named configuration beside the figure the seed documents, as tidy rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from colony_sim.models import dense, transformer
from colony_sim.models.brain import BRAIN_SEED, BRAIN_SMALL
from colony_sim.models.quality import QUALITY_SEED, QUALITY_SMALL
from colony_sim.models.transformer import TRANSFORMER_SEED, TRANSFORMER_SMALL, TransformerConfig

SEED_FIGURES = {"brain": 1_205_271, "transformer": 2_200_000, "quality": 1_100_000}
"""The seed's parameter counts: the brain's is exact, the others are its "≈" figures."""

CONFIGS: dict[tuple[str, str], Sequence[int] | TransformerConfig] = {
    ("brain", "seed"): BRAIN_SEED,
    ("brain", "small"): BRAIN_SMALL,
    ("transformer", "seed"): TRANSFORMER_SEED,
    ("transformer", "small"): TRANSFORMER_SMALL,
    ("quality", "seed"): QUALITY_SEED,
    ("quality", "small"): QUALITY_SMALL,
}
"""Every named configuration, keyed by ``(model, size)``."""


def param_count(config: Sequence[int] | TransformerConfig) -> int:
    """Scalars in a model: dense layer sizes or a transformer configuration."""
    if isinstance(config, TransformerConfig):
        return transformer.param_count(config)
    return dense.param_count(config)


def describe(config: Sequence[int] | TransformerConfig) -> str:
    """A short text form of a configuration (``128→1024→1024→23``, ``V128 D256 …``)."""
    if isinstance(config, TransformerConfig):
        c = config
        return f"V{c.vocab} D{c.d_model} H{c.heads} ff{c.d_ff} L{c.layers} T{c.seq_len}"
    return "→".join(str(s) for s in config)


def model_table() -> list[dict[str, Any]]:
    """One row per named configuration.

    Returns:
        Rows with ``model``, ``size``, ``layout``, ``params``, ``float32_bytes``,
        ``seed_params`` (the seed's figure) and ``ratio`` (``params / seed_params``,
        for the seed-size rows; ``None`` for the small ones).
    """
    rows = []
    for (model, size), config in CONFIGS.items():
        n = param_count(config)
        seed = SEED_FIGURES[model]
        rows.append(
            {
                "model": model,
                "size": size,
                "layout": describe(config),
                "params": n,
                "float32_bytes": 4 * n,
                "seed_params": seed,
                "ratio": n / seed if size == "seed" else None,
            }
        )
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    """Plain-text table of :func:`model_table` rows."""
    head = f"{'model':<12}{'size':<7}{'layout':<32}{'params':>11}{'MB f32':>9}{'vs seed':>9}"
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.3f}"
        lines.append(
            f"{r['model']:<12}{r['size']:<7}{r['layout']:<32}{r['params']:>11,}"
            f"{r['float32_bytes'] / 1e6:>9.2f}{ratio:>9}"
        )
    return "\n".join(lines)
