# Wrong solution: remainder computed with Python %, taking the sign of b
def c_divmod(a, b):
    if b == 0:
        raise ZeroDivisionError("division by zero")
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        q = -q
    return q, a % b
