import random

from solution import skyline


def brute(buildings):
    xs = sorted({x for left, right, _ in buildings for x in (left, right)})
    points = []
    for x in xs:
        h = max([b[2] for b in buildings if b[0] <= x < b[1]], default=0)
        if not points or points[-1][1] != h:
            points.append((x, h))
    return points


def test_classic():
    buildings = [(2, 9, 10), (3, 7, 15), (5, 12, 12), (15, 20, 10), (19, 24, 8)]
    assert skyline(buildings) == [(2, 10), (3, 15), (7, 12), (12, 0), (15, 10), (20, 8), (24, 0)]


def test_edges():
    assert skyline([]) == []
    assert skyline([(0, 2, 3), (2, 5, 3)]) == [(0, 3), (5, 0)]
    assert skyline([(0, 2, 3), (2, 5, 4)]) == [(0, 3), (2, 4), (5, 0)]
    assert skyline([(0, 2, 4), (2, 5, 3)]) == [(0, 4), (2, 3), (5, 0)]
    assert skyline([(1, 5, 3), (1, 5, 3)]) == [(1, 3), (5, 0)]
    assert skyline([(1, 5, 3), (1, 5, 7)]) == [(1, 7), (5, 0)]
    assert skyline([(1, 10, 5), (3, 4, 2)]) == [(1, 5), (10, 0)]
    assert skyline([(0, 3, 2), (3, 4, 0 + 1), (5, 6, 1)]) == [(0, 2), (3, 1), (4, 0), (5, 1), (6, 0)]
    assert skyline([(-5, -1, 2), (-3, 0, 2)]) == [(-5, 2), (0, 0)]


def test_input_order_irrelevant():
    buildings = [(15, 20, 10), (3, 7, 15), (19, 24, 8), (2, 9, 10), (5, 12, 12)]
    assert skyline(buildings) == [(2, 10), (3, 15), (7, 12), (12, 0), (15, 10), (20, 8), (24, 0)]


def test_random_against_brute():
    rng = random.Random(55)
    for _ in range(400):
        buildings = []
        for _ in range(rng.randint(1, 8)):
            left = rng.randint(-5, 10)
            buildings.append((left, left + rng.randint(1, 6), rng.randint(1, 5)))
        assert skyline(buildings) == brute(buildings), buildings


def test_large():
    rng = random.Random(1)
    buildings = []
    for _ in range(20000):
        left = rng.randint(0, 10**6)
        buildings.append((left, left + rng.randint(1, 1000), rng.randint(1, 10**5)))
    points = skyline(buildings)
    assert points[-1][1] == 0
    assert all(a[0] < b[0] and a[1] != b[1] for a, b in zip(points, points[1:]))
    sample = rng.sample(points, 20)
    for x, h in sample:
        assert h == max([b[2] for b in buildings if b[0] <= x < b[1]], default=0)
