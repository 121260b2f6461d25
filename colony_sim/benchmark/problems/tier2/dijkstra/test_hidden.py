import random

import pytest

from solution import shortest_distances


def bellman_ford(n, edges, source):
    dist = [None] * n
    dist[source] = 0
    for _ in range(n):
        for u, v, w in edges:
            if dist[u] is not None and (dist[v] is None or dist[u] + w < dist[v]):
                dist[v] = dist[u] + w
    return dist


def test_example():
    assert shortest_distances(4, [(0, 1, 5), (0, 2, 1), (2, 1, 1), (1, 3, 1)], 0) == [0, 2, 1, 3]


def test_longer_path_found_later_is_shorter():
    edges = [(0, 3, 10), (0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1)]
    assert shortest_distances(5, edges, 0) == [0, 1, 2, 3, 4]


def test_directed_and_unreachable():
    assert shortest_distances(3, [(1, 0, 1)], 0) == [0, None, None]
    assert shortest_distances(1, [], 0) == [0]


def test_zero_weights_parallel_edges_self_loops():
    edges = [(0, 1, 0), (1, 2, 0), (0, 2, 5), (0, 2, 3), (2, 2, 0), (1, 1, 4)]
    assert shortest_distances(3, edges, 0) == [0, 0, 0]
    assert shortest_distances(3, edges, 2) == [None, None, 0]


@pytest.mark.parametrize("args", [
    (3, [(0, 1, -1)], 0), (3, [(0, 3, 1)], 0), (3, [(-1, 0, 1)], 0), (3, [(3, 0, 1)], 0),
    (3, [(0, -1, 1)], 0), (3, [], 3), (3, [], -1),
])
def test_invalid(args):
    with pytest.raises(ValueError):
        shortest_distances(*args)


def test_random_against_bellman_ford():
    rng = random.Random(12)
    for _ in range(300):
        n = rng.randint(1, 7)
        edges = [(rng.randrange(n), rng.randrange(n), rng.randint(0, 9)) for _ in range(rng.randint(0, 14))]
        source = rng.randrange(n)
        assert shortest_distances(n, edges, source) == bellman_ford(n, edges, source), (n, edges, source)


def test_large_graph():
    rng = random.Random(5)
    n = 5000
    edges = [(i, i + 1, 1) for i in range(n - 1)]
    edges += [(rng.randrange(n), rng.randrange(n), rng.randint(1, 1000)) for _ in range(20000)]
    dist = shortest_distances(n, edges, 0)
    assert dist[0] == 0 and all(d is not None for d in dist)
    assert all(dist[i + 1] <= dist[i] + 1 for i in range(n - 1))
