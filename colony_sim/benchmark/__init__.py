"""Coding-IQ benchmark: six tiers of ten problems with hidden tests.

Each problem lives in ``problems/tier<N>/<slug>/`` and ships a ``problem.toml``
(statement, signature, visible examples), a ``reference.py`` solution, a
``test_hidden.py`` pytest file the solver never sees, and hand-written wrong
solutions in ``mutants/`` that the hidden tests must reject.  Tier 2 problems
also ship ``starter.py``, the buggy code the solver has to repair.

:mod:`colony_sim.benchmark.problemset` loads and validates the problem set,
:mod:`colony_sim.benchmark.mutation` derives automatic AST mutants, and
:mod:`colony_sim.benchmark.strength` measures how strong the hidden tests are,
:mod:`colony_sim.benchmark.runner` runs candidates in a sandbox,
:mod:`colony_sim.benchmark.iq` turns results into an IQ with an interval, and
:mod:`colony_sim.benchmark.cli` is `colony bench` (see docs/benchmark.md).
"""

from colony_sim.benchmark.problemset import Example, Problem, load_problems

__all__ = ["Example", "Problem", "load_problems"]
