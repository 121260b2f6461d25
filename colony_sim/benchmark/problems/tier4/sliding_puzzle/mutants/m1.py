# Wrong solution: allows wrapping moves between the end of one row and the start of the next
from collections import deque


def sliding_puzzle(board):
    rows, cols = len(board), len(board[0])
    size = rows * cols
    start = tuple(tile for row in board for tile in row)
    if len(start) != size or sorted(start) != list(range(size)):
        raise ValueError("board must be a permutation of 0..r*c-1")
    goal = tuple(range(1, size)) + (0,)
    if start == goal:
        return 0
    dist = {start: 0}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        blank = state.index(0)
        r, c = divmod(blank, cols)
        for step in (cols, -cols, 1, -1):
            swap = blank + step
            if not 0 <= swap < size:
                continue
            nxt = list(state)
            nxt[blank], nxt[swap] = nxt[swap], nxt[blank]
            nxt = tuple(nxt)
            if nxt in dist:
                continue
            dist[nxt] = dist[state] + 1
            if nxt == goal:
                return dist[nxt]
            queue.append(nxt)
    return -1
