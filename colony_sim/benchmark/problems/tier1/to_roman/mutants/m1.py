# Wrong solution: additive only (IIII instead of IV)
_TABLE = [
    (1000, "M"), (500, "D"), (100, "C"),
    (50, "L"), (10, "X"), (5, "V"), (1, "I"),
]


def to_roman(n):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    if n < 1 or n > 3999:
        raise ValueError("n must be in 1..3999")
    parts = []
    for value, symbol in _TABLE:
        while n >= value:
            parts.append(symbol)
            n -= value
    return "".join(parts)
