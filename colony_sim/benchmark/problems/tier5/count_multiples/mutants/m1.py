# Wrong solution: forgets to include lo itself when lo is a multiple
def count_multiples(lo, hi, k):
    if k == 0:
        raise ZeroDivisionError("k must be non-zero")
    k = abs(k)
    if lo > hi:
        return 0
    return hi // k - lo // k
