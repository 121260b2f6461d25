# Wrong solution: ties broken in reverse alphabetical order
def top_k_frequent(words, k):
    if k < 0:
        raise ValueError("k must be non-negative")
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (item[1], item[0]), reverse=True)
    return ranked[:k]
