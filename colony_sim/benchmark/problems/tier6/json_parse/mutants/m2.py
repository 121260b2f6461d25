# Wrong solution: does not combine surrogate pairs
_WHITESPACE = " \t\n\r"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX = "0123456789abcdefABCDEF"
_DIGITS = "0123456789"


class _Parser:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def fail(self, message):
        raise ValueError(f"{message} at position {self.pos}")

    def skip(self):
        while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
            self.pos += 1

    def peek(self):
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, ch):
        if self.peek() != ch:
            self.fail(f"expected {ch!r}")
        self.pos += 1

    def value(self):
        self.skip()
        ch = self.peek()
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.array()
        if ch == '"':
            return self.string()
        if ch == "-" or ch in _DIGITS and ch:
            return self.number()
        for word, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return result
        self.fail("unexpected character")

    def obj(self):
        self.pos += 1
        result = {}
        self.skip()
        if self.peek() == "}":
            self.pos += 1
            return result
        while True:
            self.skip()
            if self.peek() != '"':
                self.fail("object keys must be strings")
            key = self.string()
            self.skip()
            self.expect(":")
            result[key] = self.value()
            self.skip()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("}")
            return result

    def array(self):
        self.pos += 1
        result = []
        self.skip()
        if self.peek() == "]":
            self.pos += 1
            return result
        while True:
            result.append(self.value())
            self.skip()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("]")
            return result

    def digits(self):
        start = self.pos
        while self.peek() and self.peek() in _DIGITS:
            self.pos += 1
        if self.pos == start:
            self.fail("expected a digit")

    def number(self):
        start = self.pos
        if self.peek() == "-":
            self.pos += 1
        if self.peek() == "0":
            self.pos += 1
        else:
            self.digits()
        is_float = False
        if self.peek() == ".":
            self.pos += 1
            self.digits()
            is_float = True
        if self.peek() and self.peek() in "eE":
            self.pos += 1
            if self.peek() and self.peek() in "+-":
                self.pos += 1
            self.digits()
            is_float = True
        literal = self.text[start:self.pos]
        return float(literal) if is_float else int(literal)

    def hex4(self):
        chunk = self.text[self.pos:self.pos + 4]
        if len(chunk) != 4 or any(c not in _HEX for c in chunk):
            self.fail("bad \\u escape")
        self.pos += 4
        return int(chunk, 16)

    def string(self):
        self.pos += 1
        parts = []
        while True:
            if self.pos >= len(self.text):
                self.fail("unterminated string")
            ch = self.text[self.pos]
            self.pos += 1
            if ch == '"':
                return "".join(parts)
            if ch < " ":
                self.fail("control character in string")
            if ch != "\\":
                parts.append(ch)
                continue
            esc = self.peek()
            self.pos += 1
            if esc in _ESCAPES and esc:
                parts.append(_ESCAPES[esc])
            elif esc == "u":
                code = self.hex4()
                if False:
                    saved = self.pos
                    self.pos += 2
                    low = self.hex4()
                    if 0xDC00 <= low < 0xE000:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    else:
                        self.pos = saved
                parts.append(chr(code))
            else:
                self.fail("unknown escape")


def json_parse(text):
    parser = _Parser(text)
    result = parser.value()
    parser.skip()
    if parser.pos != len(text):
        parser.fail("trailing data")
    return result
