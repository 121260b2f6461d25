# Wrong solution: Python floor division
def c_divmod(a, b):
    if b == 0:
        raise ZeroDivisionError("division by zero")
    return divmod(a, b)
