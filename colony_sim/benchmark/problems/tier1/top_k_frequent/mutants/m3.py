# Wrong solution: includes every word tied with the k-th count
def top_k_frequent(words, k):
    if k < 0:
        raise ValueError("k must be non-negative")
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if k == 0 or not ranked:
        return []
    cutoff = ranked[min(k, len(ranked)) - 1][1]
    return [item for item in ranked if item[1] >= cutoff]
