import random

import pytest

from solution import evaluate


def trunc_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def gen(rng, depth):
    """Return (text, value) for a random expression; value None if it divides by zero."""
    if depth == 0 or rng.random() < 0.3:
        n = rng.randint(0, 30)
        return str(n), n
    kind = rng.random()
    if kind < 0.15:
        text, value = gen(rng, depth - 1)
        return f"-({text})", None if value is None else -value
    left, lv = gen(rng, depth - 1)
    right, rv = gen(rng, depth - 1)
    op = rng.choice("+-*/")
    text = f"({left}){op}({right})"
    if lv is None or rv is None or (op == "/" and rv == 0):
        return text, None
    return text, {"+": lv + rv, "-": lv - rv, "*": lv * rv}.get(op) if op != "/" else trunc_div(lv, rv)


@pytest.mark.parametrize("text, value", [
    ("42", 42), ("  7 ", 7), ("1+2*3", 7), ("(1+2)*3", 9), ("10-4-3", 3),
    ("100/10/5", 2), ("2*3+4*5", 26), ("-3", -3), ("--3", 3), ("+5", 5), ("-+-2", 2),
    ("7/2", 3), ("-7/2", -3), ("7/-2", -3), ("-7/-2", 3), ("6/-3", -2), ("0/5", 0),
    ("2-3*4", -10), ("8-2-1*3", 3), ("1 - (2 - 3)", 2), ("(((5)))", 5),
    ("12 * ( 3 + 4 ) - 6 / 2", 81), ("007 + 1", 8), ("2*-3", -6), ("9-  -1", 10),
    ("1-1", 0), ("-1/-1", 1), ("-1/1", -1), ("1/-1", -1), ("-2/3", 0), ("-1/2", 0), ("1/-2", 0),
    ("3*3*3", 27), ("20/3*3", 18), ("1+1+1-1", 2), ("4-2+1", 3),
])
def test_known_values(text, value):
    assert evaluate(text) == value


@pytest.mark.parametrize("text", [
    "", "   ", "1+", "*2", "(1", "1)", "()", "2 3", "1 $ 2", "1.5", "(2)(3)",
    "3 +* 4", "4 (", "x", "1 2 + 3", "-", ")(",
])
def test_malformed(text):
    with pytest.raises(ValueError):
        evaluate(text)


@pytest.mark.parametrize("text", ["4/0", "1/(2-2)", "0/0", "5 + 3/(1-1)"])
def test_division_by_zero(text):
    with pytest.raises(ZeroDivisionError):
        evaluate(text)


def test_random_expressions():
    rng = random.Random(99)
    checked = 0
    while checked < 300:
        text, value = gen(rng, 4)
        if value is None:
            continue
        spaced = "".join(ch + (" " if not ch.isdigit() and rng.random() < 0.3 else "")
                         for ch in text)
        assert evaluate(spaced) == value, spaced
        checked += 1
