# Wrong solution: pads every quotient block including the first, leaving leading zeros
_DIGITS = "0123456789"
_CHUNK = 9
_BASE = 10**_CHUNK


def _parse(text):
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not digits or any(ch not in _DIGITS for ch in digits):
        raise ValueError(f"malformed integer {text!r}")
    if digits[0] == "0" and (len(digits) > 1 or negative):
        raise ValueError(f"malformed integer {text!r}")
    return negative, digits


def _chunks_to_int(digits):
    """Convert a digit string to int nine digits at a time (no str->int size limit)."""
    value = 0
    head = len(digits) % _CHUNK or _CHUNK
    value = int(digits[:head])
    for start in range(head, len(digits), _CHUNK):
        value = value * _BASE + int(digits[start:start + _CHUNK])
    return value


def _int_to_digits(value):
    """Convert a non-negative int to a digit string without str() on the whole number."""
    if value < _BASE:
        return str(value)
    chunks = []
    while value:
        value, low = divmod(value, _BASE)
        chunks.append(low)
    top = chunks.pop()
    return str(top) + "".join(str(chunk).rjust(_CHUNK, "0") for chunk in reversed(chunks))


def _long_division(dividend, divisor):
    """Schoolbook long division of a digit string by a positive int.

    Works a block of nine dividend digits at a time; returns (quotient digit
    string without leading zeros, remainder int).
    """
    quotient = []
    remainder = 0
    head = len(dividend) % _CHUNK or _CHUNK
    blocks = [dividend[:head]] + [dividend[i:i + _CHUNK] for i in range(head, len(dividend), _CHUNK)]
    for index, block in enumerate(blocks):
        width = len(block)
        remainder = remainder * 10**width + int(block)
        digit, remainder = divmod(remainder, divisor)
        quotient.append(str(digit) if index == 0 else str(digit).rjust(width, "0"))
    text = "".join(quotient)
    if len(text) > 1 and text[0] == "0" and len(blocks) == 1:
        text = text.lstrip("0")
    return text or "0", remainder


def bigint_divmod(a, b):
    a_negative, a_digits = _parse(a)
    b_negative, b_digits = _parse(b)
    if b_digits == "0":
        raise ZeroDivisionError("division by zero")
    divisor = _chunks_to_int(b_digits)
    quotient, remainder = _long_division(a_digits, divisor)
    if a_negative != b_negative and remainder:
        quotient = _int_to_digits(_chunks_to_int(quotient) + 1)
        remainder = divisor - remainder
    q_text = quotient if quotient == "0" or a_negative == b_negative else "-" + quotient
    r_text = _int_to_digits(remainder)
    if b_negative and remainder:
        r_text = "-" + r_text
    return q_text, r_text
