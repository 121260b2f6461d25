# Wrong solution: no final tie-break, so equal keys keep input order
import re

_CHUNK = re.compile(r"[0-9]+|[^0-9]+")


def _key(name):
    chunks = []
    for match in _CHUNK.finditer(name):
        chunk = match.group()
        if chunk[0] in "0123456789":
            chunks.append((False, int(chunk)))
        else:
            chunks.append((True, chunk.casefold()))
    return chunks


def natural_sort(names):
    return sorted(names, key=_key)
