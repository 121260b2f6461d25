# Wrong solution: strict comparison, so a line can never be exactly width long
def word_wrap(text, width):
    if width < 1:
        raise ValueError("width must be positive")
    pieces = []
    for word in text.split():
        for start in range(0, len(word), width):
            pieces.append(word[start:start + width])
    lines = []
    current = ""
    for piece in pieces:
        if not current:
            current = piece
        elif len(current) + 1 + len(piece) < width:
            current = current + " " + piece
        else:
            lines.append(current)
            current = piece
    if current:
        lines.append(current)
    return lines
