# Wrong solution: emits standard ternary digits 0/1/2 mapped to 0/+/-
def balanced_ternary(n):
    if n == 0:
        return "0"
    digits = []
    while n != 0:
        rem = n % 3
        if rem == 2:
            digits.append("-")
            n = (n - 2) // 3
        else:
            digits.append("0" if rem == 0 else "+")
            n = (n - rem) // 3
    return "".join(reversed(digits))
