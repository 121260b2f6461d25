# Wrong solution: ORs instead of XORs
def gray_code(n):
    return n | (n >> 1)
