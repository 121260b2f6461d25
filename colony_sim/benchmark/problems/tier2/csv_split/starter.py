def csv_split(line):
    fields = []
    i = 0
    n = len(line)
    while True:
        chars = []
        if i < n and line[i] == '"':
            i += 1
            while True:
                if i >= n:
                    raise ValueError("unterminated quoted field")
                if line[i] == '"':
                    i += 1
                    break
                chars.append(line[i])
                i += 1
            if i < n and line[i] != ",":
                raise ValueError("unexpected character after closing quote")
        else:
            while i < n and line[i] != ",":
                chars.append(line[i])
                i += 1
        fields.append("".join(chars))
        if i >= n:
            return fields
        i += 1
