# Wrong solution: a trailing number without unit is taken as seconds
_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_ORDER = "dhms"
_DIGITS = "0123456789"


def parse_duration(text):
    if not text:
        raise ValueError("empty duration")
    total = 0
    i = 0
    last_rank = -1
    while i < len(text):
        j = i
        while j < len(text) and text[j] in _DIGITS:
            j += 1
        if j == i:
            raise ValueError(f"expected digits at position {i}")
        unit = text[j] if j < len(text) else "s"
        rank = _ORDER.find(unit)
        if rank < 0:
            raise ValueError(f"unknown unit {unit!r}")
        if rank <= last_rank:
            raise ValueError(f"unit {unit!r} repeated or out of order")
        last_rank = rank
        total += int(text[i:j]) * _SECONDS[unit]
        i = j + 1
    return total
