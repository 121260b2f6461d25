# Wrong solution: only counts depth, never checks bracket kinds
_PAIRS = {")": "(", "]": "[", "}": "{"}


def is_balanced(text):
    stack = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in _PAIRS:
            if not stack:
                return False
            if stack.pop() not in "([{":
                return False
    return not stack
