# Wrong solution: uses int(x / k), which truncates toward zero and loses precision
def count_multiples(lo, hi, k):
    if k == 0:
        raise ZeroDivisionError("k must be non-zero")
    k = abs(k)
    if lo > hi:
        return 0
    return int(hi / k) - int((lo - 1) / k)
