import pytest

from solution import c_divmod


def oracle(a, b):
    q = abs(a) // abs(b)
    if (a < 0) ^ (b < 0):
        q = -q
    return q, a - b * q


def test_sign_table():
    assert c_divmod(7, 2) == (3, 1)
    assert c_divmod(-7, 2) == (-3, -1)
    assert c_divmod(7, -2) == (-3, 1)
    assert c_divmod(-7, -2) == (3, -1)
    assert c_divmod(0, -5) == (0, 0)
    assert c_divmod(-6, 3) == (-2, 0)
    assert c_divmod(1, 7) == (0, 1)
    assert c_divmod(-1, 7) == (0, -1)


def test_exhaustive_small():
    for a in range(-30, 31):
        for b in range(-9, 10):
            if b:
                assert c_divmod(a, b) == oracle(a, b), (a, b)


def test_huge_operands():
    a = -(3**400) - 17
    b = 7**100
    q, r = c_divmod(a, b)
    assert a == b * q + r and abs(r) < abs(b) and r <= 0
    assert c_divmod(10**50 + 1, -(10**25)) == (-(10**25), 1)
    assert c_divmod(-(2**80) - 1, 2) == (-(2**79), -1)


def test_zero_division():
    with pytest.raises(ZeroDivisionError):
        c_divmod(5, 0)
    with pytest.raises(ZeroDivisionError):
        c_divmod(0, 0)
