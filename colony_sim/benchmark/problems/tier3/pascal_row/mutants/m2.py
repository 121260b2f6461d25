# Wrong solution: off-by-one, returns row n+1
def pascal_row(n):
    row = [1]
    for k in range(n + 1):
        row.append(row[k] * (n + 1 - k) // (k + 1))
    return row
