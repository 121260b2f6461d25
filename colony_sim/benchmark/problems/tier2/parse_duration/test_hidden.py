import pytest

from solution import parse_duration


@pytest.mark.parametrize("text, seconds", [
    ("1h30m", 5400), ("90s", 90), ("2d4s", 172804), ("0s", 0), ("1d", 86400),
    ("1d2h3m4s", 93784), ("007m", 420), ("10h", 36000), ("59m59s", 3599),
    ("3d23h", 3 * 86400 + 23 * 3600), ("1m", 60), ("12345s", 12345), ("1h1s", 3601),
    ("2d2m", 172920),
])
def test_valid(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", [
    "", "h", "10", "1h30", "1x", "1s1s", "1s1m", "1m1h", "1h1h", "1h 30m", " 1h", "-5s",
    "+5s", "1.5h", "\u0661\u0662s", "1H", "1d1d", "5m1h", "1ss", "s1",
])
def test_invalid(text):
    with pytest.raises(ValueError):
        parse_duration(text)
