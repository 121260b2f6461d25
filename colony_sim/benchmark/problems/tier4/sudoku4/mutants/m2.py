# Wrong solution: does not validate the givens, so a given can conflict with another given
def _peers(index):
    row, col = divmod(index, 4)
    box_row, box_col = row // 2 * 2, col // 2 * 2
    cells = set()
    for k in range(4):
        cells.add(row * 4 + k)
        cells.add(k * 4 + col)
        cells.add((box_row + k // 2) * 4 + box_col + k % 2)
    cells.discard(index)
    return cells


_PEERS = [_peers(i) for i in range(16)]


def solve_sudoku4(grid):
    cells = [grid[r][c] for r in range(4) for c in range(4)]


    def fill(i):
        if i == 16:
            return True
        if cells[i]:
            return fill(i + 1)
        for value in range(1, 5):
            if all(cells[p] != value for p in _PEERS[i]):
                cells[i] = value
                if fill(i + 1):
                    return True
        cells[i] = 0
        return False

    if not fill(0):
        return None
    return [cells[r * 4:r * 4 + 4] for r in range(4)]
