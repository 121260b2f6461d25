import random

import pytest

from solution import topo_sort


def oracle(n, edges):
    edge_set = set(edges)
    remaining = set(range(n))
    order = []
    while remaining:
        free = [v for v in sorted(remaining)
                if not any((u, v) in edge_set for u in remaining)]
        if not free:
            return None
        order.append(free[0])
        remaining.remove(free[0])
    return order


def test_examples_and_small_cases():
    assert topo_sort(4, [(3, 1), (2, 0)]) == [2, 0, 3, 1]
    assert topo_sort(0, []) == []
    assert topo_sort(3, []) == [0, 1, 2]
    assert topo_sort(3, [(2, 1), (1, 0)]) == [2, 1, 0]


def test_smallest_not_fifo():
    # FIFO Kahn yields [1, 2, 0]; the smallest order is [1, 0, 2].
    assert topo_sort(3, [(1, 0), (2, 0)]) == [1, 2, 0]
    assert topo_sort(4, [(3, 0), (1, 2)]) == [1, 2, 3, 0]
    assert topo_sort(5, [(4, 0), (0, 3), (1, 3)]) == [1, 2, 4, 0, 3]


def test_duplicate_edges():
    assert topo_sort(3, [(2, 0), (2, 0), (1, 0)]) == [1, 2, 0]


def test_cycles():
    assert topo_sort(1, [(0, 0)]) is None
    assert topo_sort(4, [(0, 1), (1, 2), (2, 1), (0, 3)]) is None
    assert topo_sort(3, [(0, 1), (1, 2), (2, 0)]) is None


@pytest.mark.parametrize("edge", [(0, 3), (-1, 0), (3, 3), (3, 0), (0, -1), (1, 4)])
def test_bad_nodes(edge):
    with pytest.raises(ValueError):
        topo_sort(3, [edge])


def test_random_against_oracle():
    rng = random.Random(8)
    for _ in range(300):
        n = rng.randint(0, 7)
        edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(0, 10))] if n else []
        if rng.random() < 0.6:
            edges = [(u, v) for u, v in edges if u < v] if rng.random() < 0.5 else [(v, u) for u, v in edges if u < v]
        assert topo_sort(n, edges) == oracle(n, edges), (n, edges)


def test_large_chain_fast():
    n = 10000
    edges = [(i + 1, i) for i in range(n - 1)] * 10
    assert topo_sort(n, edges) == list(range(n - 1, -1, -1))
