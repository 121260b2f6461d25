def spiral_matrix(n):
    grid = [[None] * n for _ in range(n)]
    top, bottom, left, right = 0, n - 1, 0, n - 1
    value = 1
    while top <= bottom:
        for col in range(left, right + 1):
            grid[top][col] = value
            value += 1
        top += 1
        for row in range(top, bottom + 1):
            grid[row][right] = value
            value += 1
        right -= 1
        for col in range(right, left - 1, -1):
            grid[bottom][col] = value
            value += 1
        bottom -= 1
        for row in range(bottom, top - 1, -1):
            grid[row][left] = value
            value += 1
        left += 1
    return grid
