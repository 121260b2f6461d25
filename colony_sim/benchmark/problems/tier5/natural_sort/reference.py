import re

_CHUNK = re.compile(r"(?P<number>[0-9]+)|(?P<text>[^0-9]+)")


def _key(name):
    chunks = []
    for match in _CHUNK.finditer(name):
        chunk = match.group()
        if match.lastgroup == "number":
            chunks.append((False, int(chunk)))
        else:
            chunks.append((True, chunk.casefold()))
    return chunks, name


def natural_sort(names):
    return sorted(names, key=_key)
