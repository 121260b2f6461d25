"""The seed project every live workspace starts from: a tiny, fully tested Python package.

Six functions in ``src/app.py`` and one test per function in ``tests/test_app.py``: small
enough that a full check (compile + pytest) takes a fraction of a second, varied enough
that the edit repertoire (:mod:`live.workspace_edits`) finds something to do in it. Every
integer constant in the code is pinned by a test, so tweaking one always fails a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

APP = '''\
"""A tiny shop: prices, totals and labels."""

TAX_RATE = 20  # percent


def add(a, b):
    """Sum of two numbers."""
    return a + b


def total(prices):
    """Sum of a list of prices."""
    result = 0
    for price in prices:
        result += price
    return result


def with_tax(amount):
    """Amount plus tax, rounded down to a whole unit."""
    return amount + amount * TAX_RATE // 100


def clamp(value, low, high):
    """Value limited to the range [low, high]."""
    if value < low:
        return low
    if value > high:
        return high
    return value


def mean(values):
    """Arithmetic mean; 0 for an empty list."""
    if not values:
        return 0
    count = len(values)
    return total(values) / count


def label(name, qty):
    text = name.strip()
    return f"{text} x{qty}"
'''

TESTS = """\
import app


def test_add():
    assert app.add(2, 3) == 5


def test_total():
    assert app.total([1, 2, 3]) == 6


def test_with_tax():
    assert app.with_tax(1000) == 1200


def test_clamp():
    assert (app.clamp(-1, 0, 9), app.clamp(5, 0, 9), app.clamp(12, 0, 9)) == (0, 5, 9)


def test_mean():
    assert (app.mean([]), app.mean([2, 4])) == (0, 3)


def test_label():
    assert app.label(" pen ", 2) == "pen x2"
"""

SEED_TREE: Mapping[str, str] = MappingProxyType(
    {
        ".gitignore": "__pycache__/\n*.pyc\n",
        "README.md": "# app\n\nThe seed project of a Colony lab agent's workspace.\n",
        "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
        "src/app.py": APP,
        "tests/test_app.py": TESTS,
    }
)
"""Path → text of the seed project (committed on ``main`` when a workspace is created)."""
