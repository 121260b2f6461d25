# Wrong solution: truncates via float division
def c_divmod(a, b):
    if b == 0:
        raise ZeroDivisionError("division by zero")
    q = int(a / b)
    return q, a - b * q
