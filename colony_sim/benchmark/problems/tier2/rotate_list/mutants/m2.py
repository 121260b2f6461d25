# Wrong solution: reduces k with abs(), so negative shifts go the wrong way
def rotate_list(items, k):
    n = len(items)
    if n == 0:
        return []
    k = abs(k) % n
    return items[n - k:] + items[:n - k]
