import random

import pytest

from solution import evaluate_reversed


def trunc(a, b):
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def gen(rng, depth):
    """Random expression with its value under reversed precedence (None on /0)."""
    if depth == 0 or rng.random() < 0.25:
        n = rng.randint(0, 12)
        return str(n), n
    # a product of sums, each sum a chain of atoms
    factors = []
    for _ in range(rng.randint(1, 3)):
        terms = []
        for _ in range(rng.randint(1, 3)):
            text, value = gen(rng, depth - 1)
            if not text.isdigit():
                text = f"({text})"
            terms.append((text, value))
        text, value = terms[0]
        for t, v in terms[1:]:
            op = rng.choice("+-")
            text += f" {op} {t}"
            value = None if value is None or v is None else (value + v if op == "+" else value - v)
        factors.append((text, value))
    text, value = factors[0]
    for t, v in factors[1:]:
        op = rng.choice("*/")
        text += f" {op} {t}"
        if value is None or v is None or (op == "/" and v == 0):
            value = None
        else:
            value = value * v if op == "*" else trunc(value, v)
    return text, value


@pytest.mark.parametrize("text, value", [
    ("2*3+4", 14), ("8-2*3", 18), ("2*3-1*4", 16), ("10-2-3", 5), ("100/10/5", 2),
    ("(1-8)/2", -3), ("(2*3)+4", 10), ("2+3*4+5", 45), ("7", 7), (" 12 ", 12),
    ("1-5*2", -8), ("9/2+1", 3), ("9/(2+1)", 3), ("(9/2)+1", 5), ("0*5-5", 0),
    ("2*(3*4)", 24), ("(((1)))", 1), ("1-2-3*2", -8), ("20/4-2", 10), ("5-7/2", -1),
    ("(0-1)/(0-1)", 1), ("(0-1)/1", -1), ("1/(0-1)", -1), ("(0-2)/3", 0), ("(0-7)/(0-2)", 3),
])
def test_known(text, value):
    assert evaluate_reversed(text) == value


@pytest.mark.parametrize("text", ["", "1+", "*1", "(1", "1)", "()", "1 2", "-1", "2*-3", "1 % 2", "1.0", ")("])
def test_malformed(text):
    with pytest.raises(ValueError):
        evaluate_reversed(text)


@pytest.mark.parametrize("text", ["1/0", "5/(2-2)", "4/1-1"])
def test_division_by_zero(text):
    with pytest.raises(ZeroDivisionError):
        evaluate_reversed(text)


def test_random():
    rng = random.Random(45)
    done = 0
    while done < 200:
        text, value = gen(rng, 3)
        if value is None:
            continue
        assert evaluate_reversed(text) == value, text
        done += 1
