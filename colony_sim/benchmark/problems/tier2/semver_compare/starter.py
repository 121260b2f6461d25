_IDENT_CHARS = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-")
_DIGITS = set("0123456789")


def _identifiers(text):
    parts = text.split(".")
    for part in parts:
        if not part or not set(part) <= _IDENT_CHARS:
            raise ValueError(f"invalid identifier {part!r}")
    return parts


def _parse(version):
    rest, plus, build = version.partition("+")
    if plus:
        _identifiers(build)
    core, dash, pre = rest.partition("-")
    numbers = core.split(".")
    if len(numbers) != 3:
        raise ValueError("expected MAJOR.MINOR.PATCH")
    parsed = []
    for part in numbers:
        if not part or not set(part) <= _DIGITS or (len(part) > 1 and part[0] == "0"):
            raise ValueError(f"invalid number {part!r}")
        parsed.append(part)
    return parsed, (_identifiers(pre) if dash else [])


def _compare_identifier(x, y):
    x_num = set(x) <= _DIGITS
    y_num = set(y) <= _DIGITS
    if x_num and y_num:
        x, y = int(x), int(y)
    elif x_num:
        return -1
    elif y_num:
        return 1
    return (x > y) - (x < y)


def semver_compare(a, b):
    core_a, pre_a = _parse(a)
    core_b, pre_b = _parse(b)
    if core_a != core_b:
        return -1 if core_a < core_b else 1
    if not pre_a or not pre_b:
        return (not pre_a) - (not pre_b)
    for x, y in zip(pre_a, pre_b):
        result = _compare_identifier(x, y)
        if result:
            return result
    return (len(pre_a) > len(pre_b)) - (len(pre_a) < len(pre_b))
