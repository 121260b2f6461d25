# Wrong solution: plain binary with a leading minus sign for negatives
def to_negabinary(n):
    if n == 0:
        return "0"
    if n < 0:
        return "-" + bin(-n)[2:]
    digits = []
    while n != 0:
        bit = n & 1
        digits.append("1" if bit else "0")
        n = (n - bit) // -2
    return "".join(reversed(digits))
