# Wrong solution: fits the first eight examples with a lookup table and falls back to n
def gray_code(n):
    table = [0, 1, 3, 2, 6, 7, 5, 4, 12]
    return table[n] if n < len(table) else (8 if n == 15 else n)
