import datetime
import random

import pytest

from solution import day_of_week

NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def expected(y, m, d):
    return NAMES[datetime.date(y, m, d).weekday()]


@pytest.mark.parametrize("date", [
    (1, 1, 1), (1970, 1, 1), (2000, 2, 29), (2000, 3, 1), (1900, 2, 28), (1900, 3, 1),
    (2024, 2, 29), (2024, 3, 1), (2023, 12, 31), (9999, 12, 31), (1600, 2, 29), (1582, 10, 15),
    (2100, 3, 1), (4, 2, 29), (400, 12, 31), (2001, 1, 1),
])
def test_landmarks(date):
    assert day_of_week(*date) == expected(*date)


def test_every_day_of_several_years():
    for year in (1, 1899, 1900, 1999, 2000, 2023, 2024, 2400, 9999):
        first = datetime.date(year, 1, 1).toordinal()
        last = datetime.date(year, 12, 31).toordinal()
        for ordinal in range(first, last + 1):
            day = datetime.date.fromordinal(ordinal)
            assert day_of_week(day.year, day.month, day.day) == NAMES[day.weekday()], day


def test_random_dates():
    rng = random.Random(17)
    for _ in range(3000):
        ordinal = rng.randint(1, datetime.date(9999, 12, 31).toordinal())
        d = datetime.date.fromordinal(ordinal)
        assert day_of_week(d.year, d.month, d.day) == NAMES[d.weekday()], d


@pytest.mark.parametrize("date", [
    (0, 1, 1), (10000, 1, 1), (2023, 0, 1), (2023, 13, 1), (2023, 1, 0), (2023, 1, 32),
    (2023, 2, 29), (1900, 2, 29), (2100, 2, 29), (2024, 2, 30), (2023, 4, 31), (2023, 6, 31),
    (2023, 11, 31), (-5, 3, 3), (2023, 9, 31), (2023, 12, 32),
])
def test_invalid(date):
    with pytest.raises(ValueError):
        day_of_week(*date)
