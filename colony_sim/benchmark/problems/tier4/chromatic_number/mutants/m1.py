# Wrong solution: greedy colouring in index order (an upper bound, not optimal)
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

    for vertex in range(n):
        used = {colour[w] for w in neighbours[vertex]}
        colour[vertex] = min(c for c in range(n + 1) if c not in used)
    return max(colour, default=-1) + 1
