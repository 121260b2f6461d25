"""Runs do not depend on how the Python version adds up floats; the numeric backend is named.

Python 3.12 made the built-in ``sum()`` of floats compensated (Neumaier); 3.11 adds left to
right. Any float ``sum()`` whose result reaches a run gives other last bits on the two, and
a seeded run drifts apart from there. Result paths use ``colony_sim.floats.left_sum``; this
runs colonies under both kinds of ``sum()`` on whatever Python runs the tests and compares.
"""

import builtins
import hashlib
import json
import math
import os
import platform
import subprocess
import sys
from functools import reduce
from numbers import Real
from operator import add

import pytest

from colony_sim import Colony, ColonyConfig
from colony_sim.floats import left_sum
from colony_sim.studies.headline import HeadlineSettings, base_config

BUILTIN_SUM = builtins.sum


def summing(exact: bool):
    """A stand-in for ``sum()``: floats added exactly (as 3.12+ nearly does) or in order."""

    def stand_in(values, start=0):
        items = list(values)
        floats = any(isinstance(x, float) for x in [start, *items])
        if not floats or not all(isinstance(x, Real) for x in [start, *items]):
            return BUILTIN_SUM(items, start)
        return math.fsum([start, *items]) if exact else reduce(add, items, start)

    return stand_in


def digest(config) -> str:
    colony = Colony(config).run()
    text = colony.colony_frame().to_csv() + colony.agents_frame().to_csv()
    return hashlib.sha256(text.encode()).hexdigest()


CONFIGS = {
    "default mind": ColonyConfig(agents=40, until=3 * 3600, seed=3),
    "breeding colony": base_config(HeadlineSettings()).with_overrides(seed=0, until=4 * 3600),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_a_run_is_the_same_whichever_way_sum_adds_floats(name, monkeypatch):
    runs = set()
    for exact in (False, True):
        monkeypatch.setattr(builtins, "sum", summing(exact))
        runs.add(digest(CONFIGS[name]))
    assert len(runs) == 1


def test_the_stand_ins_do_differ_where_order_matters():
    values = [1e16, 1.0, -1e16, 1.0]
    assert summing(exact=False)(values) == left_sum(values) == 1.0
    assert summing(exact=True)(values) == 2.0
    assert summing(exact=True)([1, 2]) == 3 and isinstance(summing(exact=True)([1, 2]), int)


@pytest.mark.skipif(platform.machine() != "x86_64", reason="OpenBLAS's Haswell kernel is x86")
def test_the_numeric_backend_names_the_blas_kernel_and_simd_level_in_use():
    code = "from colony_sim.floats import numeric_backend as n; import json; print(json.dumps(n()))"
    env = {**os.environ, "OPENBLAS_CORETYPE": "Haswell",
           "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    backend = json.loads(done.stdout)
    assert backend["machine"] == "x86_64"
    if backend["blas"] and backend["blas"].startswith("openblas"):
        assert backend["blas"].endswith("Haswell")
    assert "X86_V4" not in backend["simd"].split()


def test_without_threadpoolctl_the_blas_is_unknown_not_an_error(monkeypatch):
    from colony_sim import floats

    monkeypatch.setitem(sys.modules, "threadpoolctl", None)  # import now raises ImportError
    floats._numeric_backend.cache_clear()
    try:
        backend = floats.numeric_backend()
        assert backend["blas"] is None and backend["machine"]
    finally:
        floats._numeric_backend.cache_clear()
