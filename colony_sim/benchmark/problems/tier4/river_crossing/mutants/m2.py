# Wrong solution: "outnumbered" read as >= (equal numbers already unsafe)
from collections import deque


def _safe(m, c):
    return m == 0 or m > c


def river_crossing(m, c, boat):
    if not _safe(m, c):
        return -1
    start = (m, c, 0)
    goal = (0, 0, 1)
    if start[:2] == goal[:2]:
        return 0
    dist = {start: 0}
    queue = deque([start])
    while queue:
        left_m, left_c, side = queue.popleft()
        here_m, here_c = (left_m, left_c) if side == 0 else (m - left_m, c - left_c)
        for dm in range(0, min(here_m, boat) + 1):
            for dc in range(0, min(here_c, boat - dm) + 1):
                if dm + dc == 0:
                    continue
                if side == 0:
                    nxt = (left_m - dm, left_c - dc, 1)
                else:
                    nxt = (left_m + dm, left_c + dc, 0)
                if nxt in dist:
                    continue
                if not (_safe(nxt[0], nxt[1]) and _safe(m - nxt[0], c - nxt[1])):
                    continue
                dist[nxt] = dist[(left_m, left_c, side)] + 1
                if nxt == goal:
                    return dist[nxt]
                queue.append(nxt)
    return -1
