import random

import pytest

from solution import bigint_divmod

BASE = 10**9


def to_int(text):
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-")
    value = 0
    head = len(digits) % 9 or 9
    value = int(digits[:head])
    for i in range(head, len(digits), 9):
        value = value * BASE + int(digits[i:i + 9])
    return sign * value


def to_text(value):
    if abs(value) < BASE:
        return str(value)
    sign, value = ("-" if value < 0 else ""), abs(value)
    parts = []
    while value:
        value, low = divmod(value, BASE)
        parts.append(low)
    return sign + str(parts[-1]) + "".join(f"{p:09d}" for p in reversed(parts[:-1]))


def check(a, b):
    q, r = bigint_divmod(a, b)
    eq, er = divmod(to_int(a), to_int(b))
    assert (q, r) == (to_text(eq), to_text(er)), (a[:30], b[:30])


@pytest.mark.parametrize("a, b, q, r", [
    ("7", "2", "3", "1"), ("-7", "2", "-4", "1"), ("7", "-2", "-4", "-1"), ("-7", "-2", "3", "-1"),
    ("6", "3", "2", "0"), ("-6", "3", "-2", "0"), ("6", "-3", "-2", "0"), ("0", "5", "0", "0"),
    ("0", "-5", "0", "0"), ("1", "10", "0", "1"), ("-1", "10", "-1", "9"), ("1", "-10", "-1", "-9"),
    ("1000000000", "1", "1000000000", "0"), ("999999999999999999", "1000000000", "999999999", "999999999"),
    ("123456789012345678901234567890", "987654321", "124999998873437499901", "574845669"),
    ("1000000000000000000", "1000000001", "999999999", "1"),
])
def test_known(a, b, q, r):
    assert bigint_divmod(a, b) == (q, r)


def test_random_small_and_medium():
    rng = random.Random(61)
    for _ in range(600):
        a = rng.choice(["", "-"]) + str(rng.randint(0, 10 ** rng.randint(1, 60)))
        b = rng.choice(["", "-"]) + str(rng.randint(1, 10 ** rng.randint(1, 40)))
        if a == "-0":
            a = "0"
        check(a, b)


def test_block_boundaries():
    for a_len in range(1, 30):
        for b_len in (1, 8, 9, 10, 18):
            check("9" * a_len, "9" * b_len)
            check("1" + "0" * (a_len - 1), "-" + "9" * b_len)


def test_huge_operands_beyond_int_str_limit():
    rng = random.Random(5)
    a = "".join(rng.choice("0123456789") for _ in range(12000)).lstrip("0")
    b = "".join(rng.choice("0123456789") for _ in range(6000)).lstrip("0")
    check(a, b)
    check("-" + a, b)
    check(a, "-" + b)
    check("-" + a[:9000], "7")


@pytest.mark.parametrize("a, b", [
    ("", "1"), ("-", "1"), ("01", "1"), ("1", "01"), ("-0", "1"), ("+1", "1"), (" 1", "1"),
    ("1", "1 "), ("1.5", "1"), ("\u0661", "1"), ("1", "-0"), ("--1", "1"), ("1a", "1"),
])
def test_malformed(a, b):
    with pytest.raises(ValueError):
        bigint_divmod(a, b)


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError):
        bigint_divmod("5", "0")
    with pytest.raises(ZeroDivisionError):
        bigint_divmod("0", "0")
