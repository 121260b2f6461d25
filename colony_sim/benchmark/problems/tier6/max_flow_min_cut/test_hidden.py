import itertools
import random

import pytest

from solution import max_flow_min_cut


def brute(n, edges, s, t):
    others = [v for v in range(n) if v not in (s, t)]
    best, sides = None, []
    for r in range(len(others) + 1):
        for extra in itertools.combinations(others, r):
            side = {s, *extra}
            value = sum(c for u, v, c in edges if u in side and v not in side)
            if best is None or value < best:
                best, sides = value, [side]
            elif value == best:
                sides.append(side)
    minimal = set.intersection(*sides)
    return best, sorted(minimal)


def test_examples():
    assert max_flow_min_cut(4, [(0, 1, 3), (0, 2, 2), (1, 2, 1), (1, 3, 2), (2, 3, 3)], 0, 3) == (5, [0])
    assert max_flow_min_cut(3, [(0, 1, 5), (1, 2, 2)], 0, 2) == (2, [0, 1])
    assert max_flow_min_cut(2, [], 0, 1) == (0, [0])


def test_needs_residual_edges():
    # greedy path 0-1-2-3 blocks the optimum unless flow can be undone
    edges = [(0, 1, 1), (0, 2, 1), (1, 2, 1), (1, 3, 1), (2, 3, 1)]
    assert max_flow_min_cut(4, edges, 0, 3)[0] == 2
    edges = [(0, 1, 10), (1, 2, 10), (2, 5, 10), (0, 3, 10), (3, 2, 10), (1, 4, 10), (4, 5, 10)]
    assert max_flow_min_cut(6, edges, 0, 5) == (20, [0])
    edges = [(0, 1, 10), (1, 2, 10), (2, 5, 10), (0, 3, 10), (3, 2, 10), (1, 4, 10), (4, 5, 10), (0, 1, 5)]
    assert max_flow_min_cut(6, edges, 0, 5) == (20, [0, 1, 2, 3])


def test_flow_cancellation_on_reverse_edges():
    edges = [(0, 6, 1), (2, 4, 5), (1, 2, 1), (5, 6, 5), (0, 5, 5), (3, 0, 3), (6, 1, 1), (4, 6, 1),
             (4, 1, 5), (3, 3, 5), (3, 5, 4), (6, 5, 5), (0, 4, 5), (3, 3, 4)]
    assert max_flow_min_cut(7, edges, 3, 1) == brute(7, edges, 3, 1) == (4, [3, 5, 6])
    edges = [(3, 2, 1), (0, 3, 2), (0, 1, 1), (5, 4, 2), (4, 4, 3), (2, 2, 3), (4, 4, 4), (2, 0, 2),
             (5, 0, 5), (4, 3, 5), (2, 2, 5), (1, 2, 4), (4, 1, 4)]
    assert max_flow_min_cut(6, edges, 5, 2) == brute(6, edges, 5, 2) == (4, [0, 3, 5])


def test_parallel_edges_self_loops_and_zero_capacity():
    edges = [(0, 1, 2), (0, 1, 3), (1, 1, 7), (1, 2, 4), (1, 2, 0), (2, 0, 9)]
    assert max_flow_min_cut(3, edges, 0, 2) == (4, [0, 1])


def test_reverse_direction_and_unreachable_sink():
    assert max_flow_min_cut(3, [(1, 0, 5), (2, 1, 5)], 0, 2) == (0, [0])
    assert max_flow_min_cut(4, [(0, 1, 5), (1, 0, 5), (2, 3, 1)], 0, 3) == (0, [0, 1])


@pytest.mark.parametrize("args", [
    (3, [], 1, 1), (3, [], 0, 3), (3, [], -1, 2), (3, [(0, 3, 1)], 0, 2), (3, [(0, 1, -1)], 0, 2),
    (3, [(-1, 1, 1)], 0, 2), (3, [], 3, 0), (3, [], 0, -1), (3, [(1, -1, 2)], 0, 2),
])
def test_invalid(args):
    with pytest.raises(ValueError):
        max_flow_min_cut(*args)


def test_random_against_brute_force():
    rng = random.Random(909)
    for _ in range(300):
        n = rng.randint(2, 6)
        edges = [(rng.randrange(n), rng.randrange(n), rng.randint(0, 6)) for _ in range(rng.randint(0, 12))]
        s, t = rng.sample(range(n), 2)
        assert max_flow_min_cut(n, edges, s, t) == brute(n, edges, s, t), (n, edges, s, t)


def test_large_layered_graph():
    rng = random.Random(3)
    layers = [list(range(i * 30 + 1, i * 30 + 31)) for i in range(9)]
    n = 9 * 30 + 2
    sink = n - 1
    edges = [(0, v, 100) for v in layers[0]] + [(v, sink, 100) for v in layers[-1]]
    for a, b in zip(layers, layers[1:]):
        for u in a:
            for v in rng.sample(b, 10):
                edges.append((u, v, rng.randint(1, 20)))
    value, side = max_flow_min_cut(n, edges, 0, sink)
    assert 0 in side and sink not in side
    assert value == sum(c for u, v, c in edges if u in set(side) and v not in set(side))
