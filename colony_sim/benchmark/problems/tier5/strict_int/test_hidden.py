import random

import pytest

from solution import strict_int


@pytest.mark.parametrize("text, value", [
    ("0", 0), ("-0", 0), ("+0", 0), ("7", 7), ("-7", -7), ("+42", 42), ("10", 10),
    ("1_000", 1000), ("-1_000_000", -1000000), ("1_2_3", 123), ("9" * 50, int("9" * 50)),
    ("-12345678901234567890", -12345678901234567890), ("100", 100), ("20_0", 200),
])
def test_valid(text, value):
    assert strict_int(text) == value


@pytest.mark.parametrize("text", [
    "", "+", "-", "00", "007", "-01", "0_0", "0_7", "_1", "1_", "1__0", " 7", "7 ", "\t7",
    "\u0661", "1\u0662", "\uff17", "+-1", "--1", "1.0", "1e3", "0x10", "1,000", "- 1", "12a",
    "_", "+_1", "\u00b2", "0b1", "٠",
])
def test_invalid(text):
    with pytest.raises(ValueError):
        strict_int(text)


def test_random_roundtrip():
    rng = random.Random(1)
    for _ in range(1000):
        n = rng.randint(-10**12, 10**12)
        text = f"{n:_}" if rng.random() < 0.5 else str(n)
        if n > 0 and rng.random() < 0.3:
            text = "+" + text
        assert strict_int(text) == n, text
