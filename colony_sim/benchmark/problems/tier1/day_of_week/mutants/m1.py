# Wrong solution: forgets the divisible-by-400 exception (2000 is not leap)
_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _is_leap(year):
    return year % 4 == 0 and year % 100 != 0


def day_of_week(year, month, day):
    if not 1 <= year <= 9999:
        raise ValueError("year out of range")
    if not 1 <= month <= 12:
        raise ValueError("month out of range")
    limit = 29 if month == 2 and _is_leap(year) else _MONTH_DAYS[month - 1]
    if not 1 <= day <= limit:
        raise ValueError("day out of range")
    prior = year - 1
    days = prior * 365 + prior // 4 - prior // 100 + prior // 400
    days += sum(_MONTH_DAYS[: month - 1])
    if month > 2 and _is_leap(year):
        days += 1
    days += day - 1
    return _NAMES[days % 7]
