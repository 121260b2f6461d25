# Wrong solution: treats 26 as a full cycle and wraps to the next letter too early
def excel_column(n):
    letters = []
    while n > 0:
        n, rem = divmod(n - 1, 26) if n != 26 else (0, 25)
        if n and rem == 25:
            n, rem = n + 1, 0
        letters.append(chr(ord("A") + rem))
    return "".join(reversed(letters))
