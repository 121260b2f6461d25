from solution import spiral_matrix


def walk(n):
    grid = [[0] * n for _ in range(n)]
    r = c = 0
    dr, dc = 0, 1
    for value in range(1, n * n + 1):
        grid[r][c] = value
        nr, nc = r + dr, c + dc
        if not (0 <= nr < n and 0 <= nc < n) or grid[nr][nc]:
            dr, dc = dc, -dr
            nr, nc = r + dr, c + dc
        r, c = nr, nc
    return grid


def test_small():
    assert spiral_matrix(0) == []
    assert spiral_matrix(1) == [[1]]
    assert spiral_matrix(3) == [[1, 2, 3], [8, 9, 4], [7, 6, 5]]


def test_five():
    assert spiral_matrix(5) == [
        [1, 2, 3, 4, 5], [16, 17, 18, 19, 6], [15, 24, 25, 20, 7], [14, 23, 22, 21, 8],
        [13, 12, 11, 10, 9]]


def test_many_sizes():
    for n in range(0, 25):
        assert spiral_matrix(n) == walk(n), n
