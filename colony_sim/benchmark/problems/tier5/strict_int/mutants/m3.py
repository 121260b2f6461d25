# Wrong solution: accepts a trailing underscore
_DIGITS = "0123456789"


def strict_int(text):
    body = text[1:] if text[:1] in ("+", "-") else text
    if body == "0":
        return 0
    if not body or body[0] not in "123456789":
        raise ValueError(f"invalid integer literal {text!r}")
    value = 0
    previous_underscore = False
    for ch in body:
        if ch == "_":
            if previous_underscore:
                raise ValueError(f"invalid integer literal {text!r}")
            previous_underscore = True
        elif ch in _DIGITS:
            value = value * 10 + _DIGITS.index(ch)
            previous_underscore = False
        else:
            raise ValueError(f"invalid integer literal {text!r}")
    return -value if text[0] == "-" else value
