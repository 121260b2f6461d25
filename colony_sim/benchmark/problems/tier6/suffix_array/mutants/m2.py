# Wrong solution: a missing second half ranks above every character
def suffix_array(text):
    n = len(text)
    if n == 0:
        return [], []
    rank = [ord(ch) for ch in text]
    sa = list(range(n))
    k = 1
    while True:
        key = [(rank[i], rank[i + k] if i + k < n else 1 << 22) for i in range(n)]
        sa.sort(key=key.__getitem__)
        new_rank = [0] * n
        for j in range(1, n):
            new_rank[sa[j]] = new_rank[sa[j - 1]] + (key[sa[j]] != key[sa[j - 1]])
        rank = new_rank
        if rank[sa[-1]] == n - 1:
            break
        k *= 2
    lcp = [0] * n
    h = 0
    for i in range(n):
        r = rank[i]
        if r == 0:
            h = 0
            continue
        j = sa[r - 1]
        while i + h < n and j + h < n and text[i + h] == text[j + h]:
            h += 1
        lcp[r] = h
        if h > 0:
            h -= 1
    return sa, lcp
