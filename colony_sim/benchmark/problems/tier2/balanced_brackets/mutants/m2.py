# Wrong solution: ignores a closing bracket when nothing is open
_PAIRS = {")": "(", "]": "[", "}": "{"}


def is_balanced(text):
    stack = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in _PAIRS:
            if stack and stack.pop() != _PAIRS[ch]:
                return False
    return not stack
