# Wrong solution: divides before multiplying, truncating intermediate values
def pascal_row(n):
    row = [1]
    for k in range(n):
        row.append(row[k] // (k + 1) * (n - k))
    return row
