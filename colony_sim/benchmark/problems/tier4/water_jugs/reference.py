from collections import deque


def water_jugs(a, b, target):
    if target == 0:
        return 0
    seen = {(0, 0)}
    frontier = deque([(0, 0, 0)])
    while frontier:
        x, y, steps = frontier.popleft()
        pour_ab = min(x, b - y)
        pour_ba = min(y, a - x)
        for state in ((a, y), (x, b), (0, y), (x, 0),
                      (x - pour_ab, y + pour_ab), (x + pour_ba, y - pour_ba)):
            if state in seen:
                continue
            if state[0] == target or state[1] == target:
                return steps + 1
            seen.add(state)
            frontier.append((state[0], state[1], steps + 1))
    return -1
