def _tokens(expr):
    out = []
    i = 0
    while i < len(expr):
        ch = expr[i]
        if ch == " ":
            i += 1
        elif "0" <= ch <= "9":
            j = i
            while j < len(expr) and "0" <= expr[j] <= "9":
                j += 1
            out.append(int(expr[i:j]))
            i = j
        elif ch in "+-*/()":
            out.append(ch)
            i += 1
        else:
            raise ValueError(f"unexpected character {ch!r}")
    return out


def evaluate_reversed(expr):
    tokens = _tokens(expr)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def product():
        nonlocal pos
        value = total()
        while peek() in ("*", "/"):
            op = tokens[pos]
            pos += 1
            rhs = total()
            if op == "*":
                value *= rhs
            elif rhs == 0:
                raise ZeroDivisionError("division by zero")
            else:
                quotient = value // rhs
                if quotient < 0 and quotient * rhs != value:
                    quotient += 1  # floor -> truncation toward zero
                value = quotient
        return value

    def total():
        nonlocal pos
        value = atom()
        while peek() in ("+", "-"):
            op = tokens[pos]
            pos += 1
            rhs = atom()
            value = value + rhs if op == "+" else value - rhs
        return value

    def atom():
        nonlocal pos
        tok = peek()
        pos += 1
        if tok == "(":
            value = product()
            if peek() != ")":
                raise ValueError("expected ')'")
            pos += 1
            return value
        if isinstance(tok, int):
            return tok
        raise ValueError(f"unexpected token {tok!r}")

    result = product()
    if pos != len(tokens):
        raise ValueError("trailing input")
    return result
