from fractions import Fraction
from math import gcd

from solution import farey


def oracle(n):
    values = sorted({Fraction(p, q) for q in range(1, n + 1) for p in range(0, q + 1)})
    return [f"{v.numerator}/{v.denominator}" for v in values]


def test_small_orders():
    for n in range(1, 30):
        assert farey(n) == oracle(n), n


def test_length_and_neighbours():
    terms = farey(120)
    assert len(terms) == 1 + sum(1 for q in range(1, 121) for p in range(1, q + 1) if gcd(p, q) == 1)
    fracs = [tuple(map(int, t.split("/"))) for t in terms]
    for (a, b), (c, d) in zip(fracs, fracs[1:]):
        assert b * c - a * d == 1
