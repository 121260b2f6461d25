# Wrong solution: writes digit then count instead of count then digit
def look_and_say(n):
    term = "1"
    for _ in range(n - 1):
        parts = []
        i = 0
        while i < len(term):
            j = i
            while j < len(term) and term[j] == term[i]:
                j += 1
            parts.append(f"{term[i]}{j - i}")
            i = j
        term = "".join(parts)
    return term
