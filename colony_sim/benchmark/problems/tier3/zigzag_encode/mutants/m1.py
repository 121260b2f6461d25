# Wrong solution: sign-magnitude interleave with -n mapped to 2|n|+1 (so -1 -> 3)
def zigzag_encode(n):
    return 2 * n if n >= 0 else -2 * n + 1
