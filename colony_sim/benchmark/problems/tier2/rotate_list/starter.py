def rotate_list(items, k):
    n = len(items)
    if n == 0:
        return []

    return items[n - k:] + items[:n - k]
