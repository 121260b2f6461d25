import datetime
import random

import pytest

from solution import iso_week


def expected(y, m, d):
    return tuple(datetime.date(y, m, d).isocalendar())


def test_year_boundaries():
    for year in range(1990, 2031):
        for m, d in ((12, 28), (12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5)):
            assert iso_week(year, m, d) == expected(year, m, d), (year, m, d)


def test_fifty_three_week_years():
    long_years = [y for y in range(1900, 2101) if iso_week(y, 12, 28)[1] == 53]
    assert long_years == [y for y in range(1900, 2101) if datetime.date(y, 12, 28).isocalendar()[1] == 53]
    assert 2020 in long_years and 2015 in long_years and 2021 not in long_years


def test_extremes():
    assert iso_week(1, 1, 1) == (1, 1, 1)
    assert iso_week(9999, 12, 31) == expected(9999, 12, 31)
    assert iso_week(2000, 2, 29) == expected(2000, 2, 29)
    assert iso_week(2000, 3, 1) == expected(2000, 3, 1)
    assert iso_week(1900, 3, 1) == expected(1900, 3, 1)
    assert iso_week(2008, 12, 29) == (2009, 1, 1)
    assert iso_week(2010, 1, 3) == (2009, 53, 7)


def test_random_dates():
    rng = random.Random(29)
    last = datetime.date(9999, 12, 31).toordinal()
    for _ in range(2000):
        day = datetime.date.fromordinal(rng.randint(1, last))
        assert iso_week(day.year, day.month, day.day) == tuple(day.isocalendar()), day


@pytest.mark.parametrize("date", [
    (0, 1, 1), (10000, 1, 1), (2021, 0, 5), (2021, 13, 5), (2021, 2, 29), (1900, 2, 29),
    (2024, 2, 30), (2021, 4, 31), (2021, 1, 0), (2021, 12, 32),
])
def test_invalid(date):
    with pytest.raises(ValueError):
        iso_week(*date)


def test_month_lengths():
    lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    for month, length in enumerate(lengths, start=1):
        assert iso_week(2023, month, length) == expected(2023, month, length)
        with pytest.raises(ValueError):
            iso_week(2023, month, length + 1)
