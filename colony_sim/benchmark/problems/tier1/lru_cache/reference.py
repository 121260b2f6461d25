class _Node:
    __slots__ = ("key", "value", "prev", "next")

    def __init__(self, key=None, value=None):
        self.key = key
        self.value = value
        self.prev = self
        self.next = self


def lru_ops(capacity, ops):
    if capacity < 1:
        raise ValueError("capacity must be at least 1")
    sentinel = _Node()  # sentinel.next is least recent, sentinel.prev most recent
    index = {}
    out = []

    def unlink(node):
        node.prev.next = node.next
        node.next.prev = node.prev

    def append(node):
        node.prev = sentinel.prev
        node.next = sentinel
        sentinel.prev.next = node
        sentinel.prev = node

    for op in ops:
        kind = op[0]
        if kind == "get" or kind == "peek":
            node = index.get(op[1])
            if node is None:
                out.append(None)
                continue
            if kind == "get":
                unlink(node)
                append(node)
            out.append(node.value)
        elif kind == "put":
            key, value = op[1], op[2]
            evicted = None
            node = index.get(key)
            if node is not None:
                node.value = value
                unlink(node)
            else:
                if len(index) == capacity:
                    oldest = sentinel.next
                    unlink(oldest)
                    del index[oldest.key]
                    evicted = oldest.key
                node = _Node(key, value)
                index[key] = node
            append(node)
            out.append(evicted)
        elif kind == "keys":
            keys = []
            node = sentinel.next
            while node is not sentinel:
                keys.append(node.key)
                node = node.next
            out.append(keys)
        else:
            raise ValueError(f"unknown operation {kind!r}")
    return out
