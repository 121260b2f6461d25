# Wrong solution: float arithmetic loses precision for large rows
def pascal_row(n):
    row = [1]
    for k in range(n):
        row.append(int(row[k] * (n - k) / (k + 1)))
    return row
