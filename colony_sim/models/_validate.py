"""Boundary checks for the model functions: clear errors that name the argument at fault."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from colony_sim.errors import ColonyError


class ModelInputError(ColonyError, ValueError):
    """An array handed to a model function has the wrong shape, type or values.

    Attributes:
        argument: Name of the offending argument (e.g. ``"X"``, ``"targets.error"``).
        reason: Why it was refused, phrased so the caller can fix it.
    """

    def __init__(self, argument: str, reason: str) -> None:
        self.argument = argument
        self.reason = reason
        super().__init__(f"{argument}: {reason}")


def as_array(
    name: str,
    value: object,
    *,
    ndim: int | None = None,
    shape: Sequence[int | None] | None = None,
    finite: bool = True,
    integer: bool = False,
) -> np.ndarray:
    """``value`` as an array, checked; raises :class:`ModelInputError` naming ``name``.

    Args:
        name: Argument name used in the error message.
        value: The array-like to check.
        ndim: Required number of dimensions.
        shape: Required shape; ``None`` entries match any length.
        finite: Refuse NaN and infinities (floating arrays only).
        integer: Require an integer dtype (token ids, class indices).

    Returns:
        ``np.asarray(value)`` (no copy when it already is an array).
    """
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise ModelInputError(name, f"not convertible to an array ({exc})") from None
    if integer:
        if arr.dtype.kind not in "iu":
            raise ModelInputError(name, f"expected an integer array, got dtype {arr.dtype}")
    elif arr.dtype.kind not in "fiub":
        raise ModelInputError(name, f"expected a numeric array, got dtype {arr.dtype}")
    if ndim is not None and arr.ndim != ndim:
        raise ModelInputError(name, f"expected {ndim} dimensions, got shape {arr.shape}")
    if shape is not None:
        want = tuple(shape)
        fits = arr.ndim == len(want) and all(
            w is None or w == g for w, g in zip(want, arr.shape, strict=True)
        )
        if not fits:
            shown = tuple("*" if w is None else w for w in want)
            raise ModelInputError(name, f"expected shape {shown}, got {arr.shape}")
    if finite and arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise ModelInputError(name, "contains NaN or infinite values; clean the input first")
    return arr


def check_range(name: str, arr: np.ndarray, low: int, high: int) -> None:
    """Require integer entries in ``[low, high)``."""
    if arr.size and (arr.min() < low or arr.max() >= high):
        raise ModelInputError(
            name, f"entries must lie in [{low}, {high}), got min {arr.min()} max {arr.max()}"
        )
