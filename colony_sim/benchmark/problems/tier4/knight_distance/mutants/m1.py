# Wrong solution: only four of the eight jumps
from collections import deque

_JUMPS = ((1, 2), (2, 1), (-1, -2), (-2, -1))


def knight_distance(rows, cols, blocked, start, goal):
    walls = set(blocked)

    def usable(square):
        r, c = square
        return 0 <= r < rows and 0 <= c < cols and square not in walls

    if not (usable(start) and usable(goal)):
        return -1
    if start == goal:
        return 0
    dist = {start: 0}
    queue = deque([start])
    while queue:
        square = queue.popleft()
        for dr, dc in _JUMPS:
            nxt = (square[0] + dr, square[1] + dc)
            if nxt in dist or not usable(nxt):
                continue
            dist[nxt] = dist[square] + 1
            if nxt == goal:
                return dist[nxt]
            queue.append(nxt)
    return -1
