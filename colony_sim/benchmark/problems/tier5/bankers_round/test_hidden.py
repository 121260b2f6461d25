import random
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from solution import bankers_round


def oracle(value, places):
    q = Decimal(1).scaleb(-places)
    result = Decimal(value).quantize(q, rounding=ROUND_HALF_EVEN)
    if result == 0:
        result = abs(result)
    return f"{result:.{places}f}"


@pytest.mark.parametrize("value, places, expected", [
    ("2.675", 2, "2.68"), ("2.665", 2, "2.66"), ("0.125", 2, "0.12"), ("0.135", 2, "0.14"),
    ("0.5", 0, "0"), ("1.5", 0, "2"), ("2.5", 0, "2"), ("-2.5", 0, "-2"), ("-0.5", 0, "0"),
    ("-0.001", 2, "0.00"), ("9.995", 2, "10.00"), ("99.5", 0, "100"), ("0.0", 3, "0.000"),
    ("12", 2, "12.00"), ("+7.25", 1, "7.2"), ("7.2500001", 1, "7.3"), ("007.5", 0, "8"),
    ("-1.005", 2, "-1.00"), ("-1.015", 2, "-1.02"), ("0.04999", 1, "0.0"), ("5", 0, "5"),
    ("123456789012345678901234567890.5", 0, "123456789012345678901234567890"),
    ("0.000", 0, "0"), ("-0", 0, "0"), ("3.14159", 4, "3.1416"), ("-9.5", 0, "-10"),
])
def test_known(value, places, expected):
    assert bankers_round(value, places) == expected


@pytest.mark.parametrize("value", [
    "", "-", "1.", ".5", "1e3", " 1.0", "1.0 ", "1,5", "--1", "\u0661.5", "0x10", "1.2.3",
])
def test_malformed(value):
    with pytest.raises(ValueError):
        bankers_round(value, 1)


def test_negative_places():
    with pytest.raises(ValueError):
        bankers_round("1.5", -1)


def test_random_against_decimal():
    rng = random.Random(8)
    for _ in range(2000):
        whole = str(rng.randint(0, 999))
        frac = "".join(rng.choice("0123455559") for _ in range(rng.randint(0, 5)))
        value = rng.choice(["", "-", "+"]) + whole + ("." + frac if frac else "")
        places = rng.randint(0, 4)
        assert bankers_round(value, places) == oracle(value, places), (value, places)
