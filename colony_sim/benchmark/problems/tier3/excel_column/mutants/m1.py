# Wrong solution: plain base 26 with A=1 and no borrow (Z becomes "A@")
def excel_column(n):
    letters = []
    while n > 0:
        n, rem = divmod(n, 26)
        letters.append(chr(ord("A") + rem - 1))
    return "".join(reversed(letters))
