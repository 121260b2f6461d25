# Wrong solution: next-term formula without the offset, skipping terms
def farey(n):
    a, b, c, d = 0, 1, 1, n
    out = ["0/1"]
    while c <= n:
        k = max(1, n // d)
        a, b, c, d = c, d, k * c - a, k * d - b
        out.append(f"{a}/{b}")
    return out
