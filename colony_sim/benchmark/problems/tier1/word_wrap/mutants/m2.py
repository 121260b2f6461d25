# Wrong solution: long words are not cut and overflow the line
def word_wrap(text, width):
    if width < 1:
        raise ValueError("width must be positive")
    pieces = []
    for word in text.split():
        pieces.append(word)
    lines = []
    current = ""
    for piece in pieces:
        if not current:
            current = piece
        elif len(current) + 1 + len(piece) <= width:
            current = current + " " + piece
        else:
            lines.append(current)
            current = piece
    if current:
        lines.append(current)
    return lines
