# Wrong solution: rotates left instead of right
def rotate_list(items, k):
    n = len(items)
    if n == 0:
        return []
    k %= n
    return items[k:] + items[:k]
