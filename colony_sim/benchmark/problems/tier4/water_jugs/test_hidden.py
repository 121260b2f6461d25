from solution import water_jugs


def oracle(a, b, target):
    if target == 0:
        return 0
    dist = {(0, 0): 0}
    layer = [(0, 0)]
    while layer:
        nxt = []
        for x, y in layer:
            moves = {(a, y), (x, b), (0, y), (x, 0)}
            t = min(x, b - y)
            moves.add((x - t, y + t))
            t = min(y, a - x)
            moves.add((x + t, y - t))
            for m in moves:
                if m not in dist:
                    dist[m] = dist[(x, y)] + 1
                    nxt.append(m)
        layer = nxt
    hits = [d for (x, y), d in dist.items() if target in (x, y)]
    return min(hits) if hits else -1


def test_known():
    assert water_jugs(3, 5, 4) == 6
    assert water_jugs(4, 3, 2) == 4
    assert water_jugs(2, 6, 5) == -1
    assert water_jugs(3, 5, 0) == 0
    assert water_jugs(3, 5, 5) == 1
    assert water_jugs(3, 5, 3) == 1
    assert water_jugs(3, 5, 8) == -1
    assert water_jugs(0, 0, 1) == -1
    assert water_jugs(0, 7, 7) == 1
    assert water_jugs(1, 1, 2) == -1


def test_exhaustive_small():
    for a in range(0, 9):
        for b in range(0, 9):
            for target in range(0, 11):
                assert water_jugs(a, b, target) == oracle(a, b, target), (a, b, target)
