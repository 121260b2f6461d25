# Wrong solution: returns the input object itself when no rotation is needed
def rotate_list(items, k):
    n = len(items)
    if n == 0:
        return []
    k %= n
    if k == 0:
        return items
    return items[n - k:] + items[:n - k]
