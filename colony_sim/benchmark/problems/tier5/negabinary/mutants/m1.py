# Wrong solution: uses Python's % and // on -2 without correcting negative remainders
def to_negabinary(n):
    if n == 0:
        return "0"
    digits = []
    while n != 0:
        bit = n % -2
        digits.append("1" if bit else "0")
        n = n // -2
    return "".join(reversed(digits))
