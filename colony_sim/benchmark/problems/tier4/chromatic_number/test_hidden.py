import itertools
import random

from solution import chromatic_number


def brute(n, edges):
    for k in range(0, n + 1):
        for colours in itertools.product(range(k), repeat=n):
            if all(colours[u] != colours[v] for u, v in edges):
                return k
    return n


def test_named_graphs():
    assert chromatic_number(0, []) == 0
    assert chromatic_number(1, []) == 1
    assert chromatic_number(5, []) == 1
    assert chromatic_number(2, [(0, 1), (1, 0), (0, 1)]) == 2
    assert chromatic_number(5, [(i, (i + 1) % 5) for i in range(5)]) == 3
    assert chromatic_number(6, [(i, (i + 1) % 6) for i in range(6)]) == 2
    assert chromatic_number(4, list(itertools.combinations(range(4), 2))) == 4
    petersen = [(i, (i + 1) % 5) for i in range(5)] + [(i, i + 5) for i in range(5)] + \
        [(5 + i, 5 + (i + 2) % 5) for i in range(5)]
    assert chromatic_number(10, petersen) == 3


def test_greedy_trap():
    # crown graph: greedy in index order needs 4 colours, optimum is 2
    edges = [(0, 3), (0, 5), (2, 1), (2, 5), (4, 1), (4, 3)]
    assert chromatic_number(6, edges) == 2
    # wheel with odd rim needs 4
    wheel = [(0, i) for i in range(1, 6)] + [(i, i % 5 + 1) for i in range(1, 6)]
    assert chromatic_number(6, wheel) == 4


def test_random_against_brute_force():
    rng = random.Random(10)
    for _ in range(150):
        n = rng.randint(0, 6)
        pairs = list(itertools.combinations(range(n), 2))
        edges = [p if rng.random() < 0.5 else p[::-1] for p in pairs if rng.random() < 0.5]
        assert chromatic_number(n, edges) == brute(n, edges), (n, edges)


def test_mycielski_grotzsch():
    # Groetzsch graph: triangle-free with chromatic number 4 (11 vertices)
    c5 = [(i, (i + 1) % 5) for i in range(5)]
    edges = list(c5)
    for u, v in c5:
        edges += [(u, v + 5), (v, u + 5)]
    edges += [(i + 5, 10) for i in range(5)]
    assert chromatic_number(11, edges) == 4


def test_backtracking_must_undo_assignments():
    graphs = [
        (8, [(0, 1), (0, 4), (0, 6), (1, 4), (1, 5), (1, 7), (2, 3), (2, 4), (2, 6), (2, 7),
             (3, 5), (4, 6), (5, 6)], 3),
        (9, [(0, 1), (0, 2), (0, 4), (0, 5), (1, 3), (2, 6), (3, 4), (3, 6), (3, 7), (3, 8),
             (4, 5), (4, 8), (5, 8), (6, 7)], 3),
        (9, [(0, 1), (0, 2), (0, 3), (0, 4), (0, 7), (1, 2), (1, 3), (1, 5), (1, 6), (1, 7),
             (1, 8), (2, 5), (2, 6), (3, 4), (3, 6), (4, 5), (4, 8), (5, 6), (5, 7), (5, 8),
             (6, 8), (7, 8)], 4),
        (9, [(0, 2), (0, 5), (0, 7), (1, 2), (1, 3), (1, 4), (1, 6), (1, 7), (1, 8), (2, 3),
             (2, 4), (2, 5), (2, 6), (3, 7), (4, 5), (4, 7), (4, 8), (5, 8), (6, 8)], 3),
        (6, [(0, 1), (0, 5), (1, 2), (1, 3), (1, 4), (1, 5), (2, 4), (3, 4), (4, 5)], 3),
    ]
    for n, edges, k in graphs:
        assert chromatic_number(n, edges) == k
