"""Code quality of a workspace tree, measured from its Python sources.

Every commit the live workspace makes has passed its check (compile + tests), so quality
here measures what a passing check does not: how much of the code the tests hold.

``quality = sqrt(tests / tests_seed) · coverage / coverage_seed``, floored at
:data:`QUALITY_MIN`, where ``tests`` counts test functions (``test_*`` in test modules)
and ``coverage`` is the share of public top-level functions under ``src/`` whose name
the tests mention. It is 1.0 at the seed tree; a helper with its test raises it, a
helper nobody tests or a deleted test lowers it, a docstring or a rename leaves it be.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from typing import NamedTuple

QUALITY_MIN = 0.05


class Measure(NamedTuple):
    """What quality is computed from.

    Attributes:
        tests: Test functions in test modules.
        functions: Public top-level functions under ``src/``.
        covered: Those of them named anywhere in the test modules.
    """

    tests: int
    functions: int
    covered: int

    @property
    def coverage(self) -> float:
        """Share of the public functions the tests mention (0 when there are none)."""
        return self.covered / self.functions if self.functions else 0.0


def _is_test_module(path: str) -> bool:
    return path.startswith("tests/") or path.rsplit("/", 1)[-1].startswith("test_")


def measure(files: Mapping[str, str]) -> Measure:
    """Measure a tree given as ``{path: text}``; files that do not parse are skipped."""
    tests = 0
    public: set[str] = set()
    mentioned: set[str] = set()
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        if _is_test_module(path):
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    tests += node.name.startswith("test_")
                elif isinstance(node, ast.Name):
                    mentioned.add(node.id)
                elif isinstance(node, ast.Attribute):
                    mentioned.add(node.attr)
                elif isinstance(node, ast.ImportFrom):
                    mentioned.update(alias.name for alias in node.names)
        elif path.startswith("src/"):
            public.update(
                node.name
                for node in tree.body
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and not node.name.startswith("_")
            )
    return Measure(tests, len(public), len(public & mentioned))


def quality(now: Measure, seed: Measure) -> float:
    """Quality of ``now`` relative to ``seed`` (module docstring), at least ``QUALITY_MIN``."""
    breadth = math.sqrt(now.tests / seed.tests) if seed.tests else 1.0
    held = now.coverage / seed.coverage if seed.coverage else 1.0
    return max(QUALITY_MIN, breadth * held)
