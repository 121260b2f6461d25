# Wrong solution: groups characters case-insensitively
def run_length(text):
    out = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and text[j].lower() == text[i].lower():
            j += 1
        out.append(f"{j - i}{text[i]}")
        i = j
    return "".join(out)
