def c_divmod(a, b):
    if b == 0:
        raise ZeroDivisionError("division by zero")
    q = a // b
    if q < 0 and q * b != a:
        q += 1
    return q, a - b * q
