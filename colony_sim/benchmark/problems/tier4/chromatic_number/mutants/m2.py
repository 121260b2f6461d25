# Wrong solution: starts searching at two colours whenever there is more than one vertex
def chromatic_number(n, edges):
    neighbours = [set() for _ in range(n)]
    for u, v in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    colour = [None] * n

    def assign(vertex, k):
        if vertex == n:
            return True
        used = {colour[w] for w in neighbours[vertex]}
        for c in range(k):
            if c not in used:
                colour[vertex] = c
                if assign(vertex + 1, k):
                    return True
        colour[vertex] = None
        return False

    k = min(n, 2)
    while not assign(0, k):
        k += 1
    return k
