# Wrong solution: keeps the unreduced form with the largest denominator (2/4 instead of 1/2)
def farey(n):
    pairs = sorted({(p / q, -q, p) for q in range(1, n + 1) for p in range(0, q + 1)})
    out = []
    last = None
    for value, neg_q, p in pairs:
        if value != last:
            out.append(f"{p}/{-neg_q}")
            last = value
    return out
