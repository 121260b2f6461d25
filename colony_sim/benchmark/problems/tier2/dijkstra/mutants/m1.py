# Wrong solution: treats the edges as undirected
import heapq


def shortest_distances(n, edges, source):
    if not 0 <= source < n:
        raise ValueError("source out of range")
    adjacency = [[] for _ in range(n)]
    for u, v, w in edges:
        if not (0 <= u < n and 0 <= v < n):
            raise ValueError("edge endpoint out of range")
        if w < 0:
            raise ValueError("negative edge weight")
        adjacency[u].append((v, w))
        adjacency[v].append((u, w))
    dist = [None] * n
    dist[source] = 0
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, w in adjacency[u]:
            candidate = d + w
            if dist[v] is None or candidate < dist[v]:
                dist[v] = candidate
                heapq.heappush(heap, (candidate, v))
    return dist
