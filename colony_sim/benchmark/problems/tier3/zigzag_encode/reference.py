def zigzag_encode(n):
    return 2 * n if n >= 0 else -2 * n - 1
