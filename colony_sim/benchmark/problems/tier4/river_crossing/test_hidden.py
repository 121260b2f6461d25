from solution import river_crossing


def oracle(m, c, boat):
    def ok(state):
        lm, lc, _ = state
        return (lm == 0 or lm >= lc) and (m - lm == 0 or m - lm >= c - lc)

    start = (m, c, "L")
    if not ok(start):
        return -1
    if m + c == 0:
        return 0
    frontier, seen, depth = {start}, {start}, 0
    while frontier:
        depth += 1
        nxt = set()
        for lm, lc, side in frontier:
            sign = -1 if side == "L" else 1
            avail_m = lm if side == "L" else m - lm
            avail_c = lc if side == "L" else c - lc
            for k in range(1, boat + 1):
                for dm in range(0, k + 1):
                    dc = k - dm
                    if dm > avail_m or dc > avail_c:
                        continue
                    state = (lm + sign * dm, lc + sign * dc, "R" if side == "L" else "L")
                    if ok(state) and state not in seen:
                        if state[:2] == (0, 0):
                            return depth
                        seen.add(state)
                        nxt.add(state)
        frontier = nxt
    return -1


def test_classic():
    assert river_crossing(3, 3, 2) == 11
    assert river_crossing(4, 4, 2) == -1
    assert river_crossing(4, 4, 3) == 9
    assert river_crossing(5, 5, 3) == 11
    assert river_crossing(2, 2, 2) == 5


def test_degenerate():
    assert river_crossing(0, 0, 1) == 0
    assert river_crossing(1, 0, 1) == 1
    assert river_crossing(0, 3, 1) == -1
    assert river_crossing(0, 3, 2) == 3
    assert river_crossing(2, 0, 5) == 1
    assert river_crossing(1, 2, 3) == -1
    assert river_crossing(2, 1, 1) == -1


def test_grid_against_oracle():
    for m in range(0, 7):
        for c in range(0, 7):
            for boat in range(1, 5):
                assert river_crossing(m, c, boat) == oracle(m, c, boat), (m, c, boat)
