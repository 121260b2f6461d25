def farey(n):
    a, b, c, d = 0, 1, 1, n
    out = ["0/1"]
    while c <= n:
        k = (n + b) // d
        a, b, c, d = c, d, k * c - a, k * d - b
        out.append(f"{a}/{b}")
    return out
