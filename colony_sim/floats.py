"""Float sums that give the same bits on every Python version; what else sets the last bits.

Python 3.12 made the built-in ``sum()`` of floats compensated (Neumaier summation), so
the same numbers add up to other last bits than on 3.11, and a seeded run drifts apart
from there (measured: the colony and agent frames of a 60-agent, 3-hour run differ
between 3.11 and 3.12/3.13, and are identical once ``sum`` adds left to right). Every
float sum that reaches a run's outputs goes through :func:`left_sum`.

What the code cannot fix is numpy's machine-dependent arithmetic: OpenBLAS picks a matrix
kernel per CPU, and numpy picks SIMD versions of ``exp``, ``tanh``, ... per CPU, and both
round differently. :func:`numeric_backend` names them, so a run records them and two runs
that differ can be told apart (``docs/architecture.md``, "Reproducibility").
"""

from __future__ import annotations

import platform
from collections.abc import Iterable
from functools import cache, reduce
from operator import add


def left_sum(values: Iterable[float], start: float = 0) -> float:
    """``start + v0 + v1 + ...``, added in order, one rounding per addition.

    This is what ``sum()`` computed before Python 3.12, on every version.
    """
    return reduce(add, values, start)


def numeric_backend() -> dict[str, str | None]:
    """The machine, BLAS kernel and numpy SIMD targets this process computes with.

    Returns:
        ``machine`` (e.g. ``x86_64``), ``blas`` (library, version and kernel, e.g.
        ``openblas 0.3.31 SkylakeX``; ``OPENBLAS_CORETYPE`` chooses another) and ``simd``
        (the targets numpy dispatches to, e.g. ``X86_V3 X86_V4``;
        ``NPY_DISABLE_CPU_FEATURES`` removes some). ``None`` where it cannot be told.
        A new dict each call; the values are read once per process.
    """
    return dict(_numeric_backend())


@cache
def _numeric_backend() -> dict[str, str | None]:
    import numpy  # noqa: F401 - loads the BLAS that threadpoolctl looks for

    try:  # a declared dependency, but an environment not reinstalled may lack it
        from threadpoolctl import threadpool_info
    except ImportError:
        blas = None
    else:
        blas = next(
            (
                " ".join(str(v) for v in (i["internal_api"], i["version"], i.get("architecture"))
                         if v)
                for i in threadpool_info()
                if i["user_api"] == "blas"
            ),
            None,
        )
    try:  # numpy's own record of what it dispatches to (what np.show_runtime() prints)
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:
        simd = None
    else:
        simd = " ".join(t for t in __cpu_dispatch__ if __cpu_features__.get(t)) or "baseline"
    return {"machine": platform.machine() or None, "blas": blas, "simd": simd}
