# Wrong solution: rounds half away from zero
import re

_NUMERAL = re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]+))?")


def bankers_round(value, places):
    if places < 0:
        raise ValueError("places must be non-negative")
    match = _NUMERAL.fullmatch(value)
    if match is None:
        raise ValueError(f"malformed decimal {value!r}")
    sign, whole, frac = match.group(1), match.group(2), match.group(3) or ""
    kept = int(whole + frac[:places].ljust(places, "0"))
    rest = frac[places:]
    if rest:
        first, tail = rest[0], rest[1:]
        if first >= "5":
            kept += 1
    digits = str(kept).rjust(places + 1, "0")
    text = digits[:len(digits) - places] + ("." + digits[len(digits) - places:] if places else "")
    return ("-" if sign == "-" and kept else "") + text
