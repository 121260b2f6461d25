import itertools

import pytest

from solution import is_balanced


def oracle(text):
    prev = None
    s = "".join(c for c in text if c in "()[]{}")
    while s != prev:
        prev = s
        s = s.replace("()", "").replace("[]", "").replace("{}", "")
    return s == ""


@pytest.mark.parametrize("text, ok", [
    ("", True), ("()", True), ("([]{})", True), ("f(a[1], {b: 2})", True),
    ("(", False), (")", False), ("([)]", False), ("(()", False), ("())", False),
    (")(", False), ("{[}]", False), ("abc", True), ("((((", False), ("[]]", False),
    ("{[()()]}", True), ("}{", False), ("(]", False), ("[}", False), ("{)", False),
])
def test_known(text, ok):
    assert is_balanced(text) is ok


def test_exhaustive_short_strings():
    for length in range(0, 6):
        for combo in itertools.product("()[]{}x", repeat=length):
            text = "".join(combo)
            assert is_balanced(text) == oracle(text), text
