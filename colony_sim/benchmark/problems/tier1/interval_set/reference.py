def _add(intervals, lo, hi):
    out = []
    placed = False
    for a, b in intervals:
        if b < lo:
            out.append((a, b))
        elif hi < a:
            if not placed:
                out.append((lo, hi))
                placed = True
            out.append((a, b))
        else:
            lo = min(lo, a)
            hi = max(hi, b)
    if not placed:
        out.append((lo, hi))
    return out


def _remove(intervals, lo, hi):
    out = []
    for a, b in intervals:
        if b <= lo or hi <= a:
            out.append((a, b))
            continue
        if a < lo:
            out.append((a, lo))
        if hi < b:
            out.append((hi, b))
    return out


def interval_set_ops(ops):
    intervals = []
    out = []
    for op in ops:
        kind = op[0]
        if kind == "add":
            if op[1] < op[2]:
                intervals = _add(intervals, op[1], op[2])
        elif kind == "remove":
            if op[1] < op[2]:
                intervals = _remove(intervals, op[1], op[2])
        elif kind == "contains":
            out.append(any(a <= op[1] < b for a, b in intervals))
        elif kind == "intervals":
            out.append(list(intervals))
        elif kind == "total":
            out.append(sum(b - a for a, b in intervals))
        else:
            raise ValueError(f"unknown operation {kind!r}")
    return out
