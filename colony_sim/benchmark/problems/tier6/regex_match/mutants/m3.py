# Wrong solution: prefix match: succeeds as soon as the accept state is reached
_SPECIAL = "()|*+?.\\"
_QUANTIFIERS = "*+?"


def _parse(pattern):
    pos = 0

    def peek():
        return pattern[pos] if pos < len(pattern) else None

    def alternation():
        nonlocal pos
        branches = [concatenation()]
        while peek() == "|":
            pos += 1
            branches.append(concatenation())
        return ("alt", branches) if len(branches) > 1 else branches[0]

    def concatenation():
        items = []
        while peek() is not None and peek() not in "|)":
            items.append(quantified())
        return ("cat", items)

    def quantified():
        nonlocal pos
        node = atom()
        if peek() is not None and peek() in _QUANTIFIERS:
            node = (pattern[pos], node)
            pos += 1
            if peek() is not None and peek() in _QUANTIFIERS:
                raise ValueError("stacked quantifiers")
        return node

    def atom():
        nonlocal pos
        ch = pattern[pos]
        pos += 1
        if ch == "(":
            inner = alternation()
            if peek() != ")":
                raise ValueError("missing ')'")
            pos += 1
            return inner
        if ch == "\\":
            if pos >= len(pattern):
                raise ValueError("trailing backslash")
            pos += 1
            return ("lit", pattern[pos - 1])
        if ch == ".":
            return ("any",)
        if ch in "*+?":
            raise ValueError("quantifier without operand")
        if ch == ")":
            raise ValueError("unbalanced ')'")
        return ("lit", ch)

    tree = alternation()
    if pos != len(pattern):
        raise ValueError("unbalanced ')'")
    return tree


class _Nfa:
    def __init__(self):
        self.eps = []
        self.edge = []

    def state(self):
        self.eps.append([])
        self.edge.append(None)
        return len(self.eps) - 1

    def build(self, node):
        kind = node[0]
        start, end = self.state(), self.state()
        if kind == "lit" or kind == "any":
            self.edge[start] = (node[1] if kind == "lit" else None, end)
        elif kind == "cat":
            current = start
            for item in node[1]:
                s, e = self.build(item)
                self.eps[current].append(s)
                current = e
            self.eps[current].append(end)
        elif kind == "alt":
            for branch in node[1]:
                s, e = self.build(branch)
                self.eps[start].append(s)
                self.eps[e].append(end)
        else:
            s, e = self.build(node[1])
            self.eps[start].append(s)
            if kind != "+":
                self.eps[start].append(end)
            if kind != "?":
                self.eps[e].append(s)
            self.eps[e].append(end)
        return start, end

    def closure(self, states):
        stack = list(states)
        seen = set(states)
        while stack:
            for nxt in self.eps[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen


def regex_match(pattern, text):
    nfa = _Nfa()
    start, accept = nfa.build(_parse(pattern))
    current = nfa.closure({start})
    for ch in text:
        moved = set()
        for state in current:
            edge = nfa.edge[state]
            if edge is not None and (edge[0] is None or edge[0] == ch):
                moved.add(edge[1])
        if accept in current:
            return True
        if not moved:
            return False
        current = nfa.closure(moved)
    return accept in current
