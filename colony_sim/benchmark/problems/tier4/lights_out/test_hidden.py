import itertools
import random

from solution import lights_out


def brute(grid):
    rows, cols = len(grid), len(grid[0])
    cells = [(r, c) for r in range(rows) for c in range(cols)]
    best = -1
    for mask in range(1 << len(cells)):
        state = [row[:] for row in grid]
        for i, (r, c) in enumerate(cells):
            if mask >> i & 1:
                for rr, cc in ((r, c), (r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if 0 <= rr < rows and 0 <= cc < cols:
                        state[rr][cc] ^= 1
        if not any(map(any, state)):
            count = bin(mask).count("1")
            best = count if best < 0 else min(best, count)
    return best


def test_known():
    assert lights_out([[1, 1], [1, 0]]) == 1
    assert lights_out([[0, 0], [0, 0]]) == 0
    assert lights_out([[1, 0, 0], [0, 0, 0], [0, 0, 0]]) == 5
    assert lights_out([[1]]) == 1
    assert lights_out([[0]]) == 0
    assert lights_out([[1, 0]]) == -1
    assert lights_out([[1, 1, 1]]) == 1


def test_exhaustive_tiny_boards():
    for rows, cols in ((1, 1), (1, 2), (2, 1), (1, 3), (2, 2), (3, 1), (1, 4), (2, 3), (3, 2), (4, 1)):
        for bits in itertools.product((0, 1), repeat=rows * cols):
            grid = [list(bits[r * cols:(r + 1) * cols]) for r in range(rows)]
            assert lights_out(grid) == brute(grid), grid


def test_random_medium_boards():
    rng = random.Random(6)
    for _ in range(30):
        rows, cols = rng.choice([(3, 3), (2, 4), (4, 2), (1, 8), (3, 5), (4, 4), (2, 6)])
        grid = [[rng.randint(0, 1) for _ in range(cols)] for _ in range(rows)]
        if rows * cols <= 9:
            assert lights_out(grid) == brute(grid), grid
        else:
            result = lights_out(grid)
            assert result == -1 or 0 <= result <= rows * cols


def test_large_board_all_on():
    assert lights_out([[1] * 5 for _ in range(5)]) == 15
    assert lights_out([[1] * 6 for _ in range(6)]) == 28
    assert lights_out([[1] * 4 for _ in range(4)]) == 4
