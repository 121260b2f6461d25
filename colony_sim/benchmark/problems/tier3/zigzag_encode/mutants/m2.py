# Wrong solution: 64-bit shift formula that breaks outside the int64 range
def zigzag_encode(n):
    return ((n << 1) ^ (n >> 63)) & 0xFFFFFFFFFFFFFFFF
