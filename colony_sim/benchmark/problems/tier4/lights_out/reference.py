def _press(state, r, c):
    rows, cols = len(state), len(state[0])
    for rr, cc in ((r, c), (r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
        if 0 <= rr < rows and 0 <= cc < cols:
            state[rr][cc] ^= 1


def lights_out(grid):
    rows, cols = len(grid), len(grid[0])
    best = -1
    for first in range(2**cols):
        state = [row[:] for row in grid]
        presses = 0
        for r in range(rows):
            if r == 0:
                pattern = [(first >> c) & 1 for c in range(cols)]
            else:
                pattern = state[r - 1][:]
            for c in range(cols):
                if pattern[c]:
                    presses += 1
                    _press(state, r, c)
        if not any(map(any, state)) and (best == -1 or presses < best):
            best = presses
    return best
