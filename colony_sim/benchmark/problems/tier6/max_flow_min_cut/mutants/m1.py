# Wrong solution: no residual capacity on reverse edges (flow can never be undone)
from collections import deque


def max_flow_min_cut(n, edges, source, sink):
    if source == sink:
        raise ValueError("source and sink must differ")
    if not (0 <= source < n and 0 <= sink < n):
        raise ValueError("terminal out of range")
    head = [[] for _ in range(n)]
    to, cap = [], []
    for u, v, c in edges:
        if not (0 <= u < n and 0 <= v < n):
            raise ValueError("edge endpoint out of range")
        if c < 0:
            raise ValueError("negative capacity")
        head[u].append(len(to))
        to.append(v)
        cap.append(c)
        head[v].append(len(to))
        to.append(u)
        cap.append(0)

    def bfs_levels():
        level = [-1] * n
        level[source] = 0
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for e in head[u]:
                if cap[e] > 0 and level[to[e]] < 0:
                    level[to[e]] = level[u] + 1
                    queue.append(to[e])
        return level

    total = 0
    while True:
        level = bfs_levels()
        if level[sink] < 0:
            side = [v for v in range(n) if level[v] >= 0]
            return total, side
        pointer = [0] * n
        while True:
            # iterative DFS for one blocking-flow augmenting path
            path = []
            u = source
            while u != sink:
                advanced = False
                while pointer[u] < len(head[u]):
                    e = head[u][pointer[u]]
                    if cap[e] > 0 and level[to[e]] == level[u] + 1:
                        path.append(e)
                        u = to[e]
                        advanced = True
                        break
                    pointer[u] += 1
                if not advanced:
                    if u == source:
                        break
                    level[u] = -1
                    e = path.pop()
                    u = to[e ^ 1]
                    pointer[u] += 1
            if u != sink:
                break
            push = min(cap[e] for e in path)
            for e in path:
                cap[e] -= push

            total += push
