import itertools
import random

from solution import solve_sudoku4


def all_solutions():
    rows = list(itertools.permutations(range(1, 5)))
    out = []

    def extend(grid):
        if len(grid) == 4:
            boxes_ok = all(len({grid[r][c] for r in (br, br + 1) for c in (bc, bc + 1)}) == 4
                           for br in (0, 2) for bc in (0, 2))
            if boxes_ok:
                out.append([list(row) for row in grid])
            return
        for row in rows:
            if all(row[c] != g[c] for g in grid for c in range(4)):
                extend(grid + [row])

    extend([])
    return sorted(out, key=lambda g: sum(g, []))


SOLUTIONS = all_solutions()


def expected(grid):
    for sol in SOLUTIONS:
        if all(grid[r][c] in (0, sol[r][c]) for r in range(4) for c in range(4)):
            return sol
    return None


def test_solution_count_sanity():
    assert len(SOLUTIONS) == 288


def test_example():
    grid = [[1, 0, 0, 0], [0, 0, 3, 0], [0, 4, 0, 0], [0, 0, 0, 2]]
    assert solve_sudoku4(grid) == [[1, 3, 2, 4], [4, 2, 3, 1], [2, 4, 1, 3], [3, 1, 4, 2]]
    assert grid == [[1, 0, 0, 0], [0, 0, 3, 0], [0, 4, 0, 0], [0, 0, 0, 2]]


def test_empty_grid_gives_smallest():
    assert solve_sudoku4([[0] * 4 for _ in range(4)]) == SOLUTIONS[0]


def test_conflicting_givens():
    assert solve_sudoku4([[1, 1, 0, 0], [0] * 4, [0] * 4, [0] * 4]) is None
    assert solve_sudoku4([[2, 0, 0, 0], [0] * 4, [2, 0, 0, 0], [0] * 4]) is None
    assert solve_sudoku4([[3, 0, 0, 0], [0, 3, 0, 0], [0] * 4, [0] * 4]) is None
    assert solve_sudoku4([[0] * 4, [0] * 4, [0, 0, 0, 4], [0, 0, 4, 0]]) is None


def test_consistent_givens_but_unsolvable():
    grid = [[1, 2, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 2]]
    grid2 = [[0, 0, 1, 2], [0] * 4, [2, 0, 0, 0], [1, 0, 0, 0]]
    assert solve_sudoku4(grid) == expected(grid)
    assert solve_sudoku4(grid2) == expected(grid2)
    assert solve_sudoku4([[1, 2, 3, 0], [0, 0, 0, 4], [0] * 4, [0] * 4]) is None


def test_full_valid_grid_returned_unchanged():
    sol = SOLUTIONS[137]
    out = solve_sudoku4([row[:] for row in sol])
    assert out == sol


def test_random_puzzles():
    rng = random.Random(4)
    for _ in range(150):
        grid = [[0] * 4 for _ in range(4)]
        if rng.random() < 0.5:
            base = rng.choice(SOLUTIONS)
            for r in range(4):
                for c in range(4):
                    if rng.random() < 0.35:
                        grid[r][c] = base[r][c]
        else:
            for _ in range(rng.randint(1, 6)):
                grid[rng.randrange(4)][rng.randrange(4)] = rng.randint(1, 4)
        assert solve_sudoku4(grid) == expected(grid), grid
