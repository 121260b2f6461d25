# Wrong solution: adds only one of the two implications per clause
def two_sat(n, clauses):
    size = 2 * n

    def node(literal):
        if literal == 0 or abs(literal) > n:
            raise ValueError(f"bad literal {literal}")
        return 2 * (abs(literal) - 1) + (literal < 0)

    graph = [[] for _ in range(size)]
    reverse = [[] for _ in range(size)]
    for a, b in clauses:
        u, v = node(a), node(b)
        graph[u ^ 1].append(v)
        reverse[v].append(u ^ 1)

    order = []
    seen = [False] * size
    for start in range(size):
        if seen[start]:
            continue
        seen[start] = True
        stack = [(start, 0)]
        while stack:
            u, i = stack.pop()
            if i < len(graph[u]):
                stack.append((u, i + 1))
                v = graph[u][i]
                if not seen[v]:
                    seen[v] = True
                    stack.append((v, 0))
            else:
                order.append(u)

    comp = [-1] * size
    label = 0
    for start in reversed(order):
        if comp[start] != -1:
            continue
        comp[start] = label
        stack = [start]
        while stack:
            u = stack.pop()
            for v in reverse[u]:
                if comp[v] == -1:
                    comp[v] = label
                    stack.append(v)
        label += 1

    assign = []
    for var in range(n):
        pos, neg = comp[2 * var], comp[2 * var + 1]
        if pos == neg:
            return None
        assign.append(pos > neg)
    return assign
