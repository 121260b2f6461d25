import pytest

from solution import to_roman

ONES = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
TENS = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"]
HUNDREDS = ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"]
THOUSANDS = ["", "M", "MM", "MMM"]


def oracle(n):
    return THOUSANDS[n // 1000] + HUNDREDS[n // 100 % 10] + TENS[n // 10 % 10] + ONES[n % 10]


@pytest.mark.parametrize("n, text", [
    (1, "I"), (3, "III"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (49, "XLIX"),
    (90, "XC"), (400, "CD"), (444, "CDXLIV"), (900, "CM"), (1994, "MCMXCIV"),
    (2024, "MMXXIV"), (3888, "MMMDCCCLXXXVIII"), (3999, "MMMCMXCIX"),
])
def test_known(n, text):
    assert to_roman(n) == text


def test_every_value():
    for n in range(1, 4000):
        assert to_roman(n) == oracle(n), n


@pytest.mark.parametrize("n", [0, -1, 4000, 10**6])
def test_out_of_range(n):
    with pytest.raises(ValueError):
        to_roman(n)


@pytest.mark.parametrize("n", [True, 3.0, "12", None])
def test_not_an_int(n):
    with pytest.raises(TypeError):
        to_roman(n)
