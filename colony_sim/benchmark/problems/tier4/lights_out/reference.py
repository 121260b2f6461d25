def lights_out(grid):
    rows, cols = len(grid), len(grid[0])
    best = -1
    for first in range(2**cols):
        state = [row[:] for row in grid]

        def toggle(r, c):
            if 0 <= r < rows and 0 <= c < cols:
                state[r][c] ^= 1

        presses = 0
        for r in range(rows):
            if r == 0:
                pattern = [(first >> c) & 1 for c in range(cols)]
            else:
                pattern = state[r - 1][:]
            for c in range(cols):
                if pattern[c]:
                    presses += 1
                    toggle(r, c)
                    toggle(r + 1, c)
                    toggle(r - 1, c)
                    toggle(r, c + 1)
                    toggle(r, c - 1)
        if not any(map(any, state)) and (best == -1 or presses < best):
            best = presses
    return best
