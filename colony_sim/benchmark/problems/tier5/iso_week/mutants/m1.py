# Wrong solution: week 1 starts on the Monday on or before 1 January
_CUMULATIVE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _ordinal(year, month, day):
    """Day number with 0001-01-01 == 1."""
    prior = year - 1
    days = prior * 365 + prior // 4 - prior // 100 + prior // 400
    days += _CUMULATIVE[month - 1] + (month > 2 and _leap(year))
    return days + day


def _week_one_monday(year):
    jan4 = _ordinal(year, 1, 1)
    return jan4 - (jan4 - 1) % 7


def iso_week(year, month, day):
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        raise ValueError("date out of range")
    length = 29 if month == 2 and _leap(year) else _LENGTHS[month - 1]
    if not 1 <= day <= length:
        raise ValueError("day out of range")
    ordinal = _ordinal(year, month, day)
    iso_year = year
    if ordinal >= _week_one_monday(year + 1):
        iso_year = year + 1
    elif ordinal < _week_one_monday(year):
        iso_year = year - 1
    week = (ordinal - _week_one_monday(iso_year)) // 7 + 1
    return iso_year, week, (ordinal - 1) % 7 + 1
