# Wrong solution: shifts left instead of right
def gray_code(n):
    return n ^ (n << 1)
