# Wrong solution: longest_prefix_of never reports the empty string
def _node():
    return {"kids": {}, "end": False, "count": 0}


def trie_ops(ops):
    root = _node()
    out = []

    def find(word):
        node = root
        for ch in word:
            node = node["kids"].get(ch)
            if node is None:
                return None
        return node

    for kind, arg in ops:
        if kind == "insert":
            found = find(arg)
            if found is not None and found["end"]:
                out.append(False)
                continue
            node = root
            node["count"] += 1
            for ch in arg:
                node = node["kids"].setdefault(ch, _node())
                node["count"] += 1
            node["end"] = True
            out.append(True)
        elif kind == "contains":
            found = find(arg)
            out.append(found is not None and found["end"])
        elif kind == "count_prefix":
            found = find(arg)
            out.append(0 if found is None else found["count"])
        elif kind == "delete":
            found = find(arg)
            if found is None or not found["end"]:
                out.append(False)
                continue
            node = root
            node["count"] -= 1
            for ch in arg:
                child = node["kids"][ch]
                child["count"] -= 1
                if child["count"] == 0:
                    del node["kids"][ch]
                    break
                node = child
            else:
                node["end"] = False
            out.append(True)
        elif kind == "longest_prefix_of":
            node = root
            best = None
            for i, ch in enumerate(arg):
                node = node["kids"].get(ch)
                if node is None:
                    break
                if node["end"]:
                    best = arg[: i + 1]
            out.append(best)
        else:
            raise ValueError(f"unknown operation {kind!r}")
    return out
