def ring_buffer_ops(capacity, ops):
    if capacity < 1:
        raise ValueError("capacity must be at least 1")
    slots = [None] * capacity
    head = 0
    size = 0
    out = []
    for op in ops:
        kind = op[0]
        if kind == "push":
            slots[(head + size) % capacity] = op[1]
            if size == capacity:
                head = (head + 1) % capacity
            else:
                size += 1
        elif kind == "pop":
            if size == 0:
                out.append(None)
            else:
                out.append(slots[head])
                head = (head + 1) % capacity
                size -= 1
        elif kind == "peek":
            out.append(slots[head] if size > 0 else None)
        elif kind == "len":
            out.append(size)
        elif kind == "items":
            out.append([slots[(head + i) % capacity] for i in range(size)])
        else:
            raise ValueError(f"unknown operation {kind!r}")
    return out
