import random

from solution import knight_distance


def oracle(rows, cols, blocked, start, goal):
    bad = set(blocked)
    def ok(p):
        return 0 <= p[0] < rows and 0 <= p[1] < cols and p not in bad
    if not ok(start) or not ok(goal):
        return -1
    level, seen, depth = [start], {start}, 0
    while level:
        if goal in level:
            return depth
        depth += 1
        nxt = []
        for r, c in level:
            for dr in (-2, -1, 1, 2):
                for dc in (-2, -1, 1, 2):
                    if abs(dr) != abs(dc) and ok((r + dr, c + dc)) and (r + dr, c + dc) not in seen:
                        seen.add((r + dr, c + dc))
                        nxt.append((r + dr, c + dc))
        level = nxt
    return -1


def test_known():
    assert knight_distance(8, 8, [], (0, 0), (7, 7)) == 6
    assert knight_distance(8, 8, [], (0, 0), (1, 1)) == 4
    assert knight_distance(8, 8, [], (0, 0), (1, 2)) == 1
    assert knight_distance(3, 3, [], (0, 0), (1, 1)) == -1
    assert knight_distance(3, 3, [], (0, 0), (2, 2)) == 4
    assert knight_distance(1, 1, [], (0, 0), (0, 0)) == 0
    assert knight_distance(2, 5, [], (0, 0), (0, 4)) == 2
    assert knight_distance(50, 50, [], (0, 0), (49, 49)) == 34


def test_blocked_and_off_board():
    assert knight_distance(8, 8, [(0, 0)], (0, 0), (1, 2)) == -1
    assert knight_distance(8, 8, [(1, 2)], (0, 0), (1, 2)) == -1
    assert knight_distance(8, 8, [], (0, 8), (1, 2)) == -1
    assert knight_distance(8, 8, [], (0, 0), (8, 0)) == -1
    assert knight_distance(8, 8, [], (-1, 0), (1, 1)) == -1
    assert knight_distance(8, 8, [], (0, 0), (0, -1)) == -1
    assert knight_distance(8, 8, [(1, 2), (2, 1)], (0, 0), (7, 7)) == -1
    assert knight_distance(8, 8, [(1, 2)], (0, 0), (7, 7)) == 6
    assert knight_distance(8, 8, [], (3, 3), (3, 3)) == 0


def test_random_boards():
    rng = random.Random(23)
    for _ in range(300):
        rows, cols = rng.randint(1, 7), rng.randint(1, 7)
        squares = [(r, c) for r in range(rows) for c in range(cols)]
        blocked = rng.sample(squares, rng.randint(0, len(squares) // 3))
        start = (rng.randint(-1, rows), rng.randint(0, cols - 1))
        goal = (rng.randint(0, rows - 1), rng.randint(-1, cols))
        assert knight_distance(rows, cols, blocked, start, goal) == oracle(rows, cols, blocked, start, goal)
