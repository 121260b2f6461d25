# Wrong solution: counts each distinct predecessor once, so duplicate edges underflow
import heapq


def topo_sort(n, edges):
    indegree = [0] * n
    successors = [[] for _ in range(n)]
    for u, v in edges:
        if not (0 <= u < n and 0 <= v < n):
            raise ValueError(f"edge ({u}, {v}) outside 0..{n - 1}")
        if v not in successors[u]:
            indegree[v] += 1
        successors[u].append(v)
    ready = [node for node in range(n) if indegree[node] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        node = heapq.heappop(ready)
        order.append(node)
        for nxt in successors[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(ready, nxt)
    return order if len(order) == n else None
