# Wrong solution: sorts the caller's list object (aliasing the input for short lists)
def merge_sort(items, key=None):
    if key is None:
        key = _identity
    return _sort(items, key)


def _identity(item):
    return item


def _sort(items, key):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = _sort(items[:mid], key)
    right = _sort(items[mid:], key)
    merged = []
    i = j = 0
    while i < len(left) and j < len(right):
        if key(right[j]) < key(left[i]):
            merged.append(right[j])
            j += 1
        else:
            merged.append(left[i])
            i += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged
