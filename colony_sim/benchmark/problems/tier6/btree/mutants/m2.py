# Wrong solution: descends without refilling a minimal child, so leaves underflow
from bisect import bisect_left, insort


class _Node:
    __slots__ = ("keys", "children")

    def __init__(self, keys, children):
        self.keys = keys
        self.children = children


def _contains(node, key):
    while True:
        i = bisect_left(node.keys, key)
        if i < len(node.keys) and node.keys[i] == key:
            return True
        if not node.children:
            return False
        node = node.children[i]


def _split_child(parent, i, t):
    child = parent.children[i]
    right = _Node(child.keys[t:], child.children[t:])
    parent.keys.insert(i, child.keys[t - 1])
    parent.children.insert(i + 1, right)
    child.keys = child.keys[:t - 1]
    child.children = child.children[:t]


def _insert_nonfull(node, key, t):
    while node.children:
        i = bisect_left(node.keys, key)
        if len(node.children[i].keys) == 2 * t - 1:
            _split_child(node, i, t)
            if key > node.keys[i]:
                i += 1
        node = node.children[i]
    insort(node.keys, key)


def _merge(node, i):
    left = node.children[i]
    right = node.children.pop(i + 1)
    left.keys = left.keys + [node.keys.pop(i)] + right.keys
    left.children = left.children + right.children


def _fill_child(node, i, t):
    """Make node.children[i] hold at least t keys; return the index to descend into."""
    if i > 0 and len(node.children[i - 1].keys) >= t:
        child, sibling = node.children[i], node.children[i - 1]
        child.keys.insert(0, node.keys[i - 1])
        node.keys[i - 1] = sibling.keys.pop()
        if sibling.children:
            child.children.insert(0, sibling.children.pop())
        return i
    if i < len(node.keys) and len(node.children[i + 1].keys) >= t:
        child, sibling = node.children[i], node.children[i + 1]
        child.keys.append(node.keys[i])
        node.keys[i] = sibling.keys.pop(0)
        if sibling.children:
            child.children.append(sibling.children.pop(0))
        return i
    if i == len(node.keys):
        i -= 1
    _merge(node, i)
    return i


def _delete(node, key, t):
    while True:
        i = bisect_left(node.keys, key)
        if i < len(node.keys) and node.keys[i] == key:
            if not node.children:
                node.keys.pop(i)
                return
            left, right = node.children[i], node.children[i + 1]
            if len(left.keys) >= t:
                extreme = left
                while extreme.children:
                    extreme = extreme.children[-1]
                node.keys[i] = key = extreme.keys[-1]
                node = left
            elif len(right.keys) >= t:
                extreme = right
                while extreme.children:
                    extreme = extreme.children[0]
                node.keys[i] = key = extreme.keys[0]
                node = right
            else:
                _merge(node, i)
                node = left
            continue

        node = node.children[i]


def _dump(node):
    return (list(node.keys), [_dump(child) for child in node.children])


def btree_ops(t, ops):
    if t < 2:
        raise ValueError("minimum degree must be at least 2")
    root = _Node([], [])
    out = []
    for op in ops:
        kind = op[0]
        if kind == "search":
            out.append(_contains(root, op[1]))
        elif kind == "insert":
            if _contains(root, op[1]):
                out.append(False)
                continue
            if len(root.keys) == 2 * t - 1:
                root = _Node([], [root])
                _split_child(root, 0, t)
            _insert_nonfull(root, op[1], t)
            out.append(True)
        elif kind == "delete":
            if not _contains(root, op[1]):
                out.append(False)
                continue
            _delete(root, op[1], t)
            if not root.keys and root.children:
                root = root.children[0]
            out.append(True)
        elif kind == "dump":
            out.append(_dump(root))
        else:
            raise ValueError(f"unknown operation {kind!r}")
    return out
