# Wrong solution: negative k used as is
def count_multiples(lo, hi, k):
    if k == 0:
        raise ZeroDivisionError("k must be non-zero")

    if lo > hi:
        return 0
    return hi // k - (lo - 1) // k
