# Wrong solution: handles negatives by prefixing a minus sign
def balanced_ternary(n):
    if n == 0:
        return "0"
    if n < 0:
        return "-" + balanced_ternary(-n)
    digits = []
    while n != 0:
        rem = n % 3
        if rem == 2:
            digits.append("-")
            n = (n + 1) // 3
        else:
            digits.append("0" if rem == 0 else "+")
            n = (n - rem) // 3
    return "".join(reversed(digits))
