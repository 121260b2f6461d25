# Wrong solution: keeps a separate counter per bracket kind, so interleaving passes
_PAIRS = {")": "(", "]": "[", "}": "{"}


def is_balanced(text):
    depth = {"(": 0, "[": 0, "{": 0}
    for ch in text:
        if ch in "([{":
            depth[ch] += 1
        elif ch in _PAIRS:
            depth[_PAIRS[ch]] -= 1
            if depth[_PAIRS[ch]] < 0:
                return False
    return not any(depth.values())
