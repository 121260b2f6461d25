# Wrong solution: treats the empty board as having no solutions
def n_queens_count(n):
    full = (1 << n) - 1

    def place(cols, diag, anti):
        if cols == full:
            return 1 if n else 0
        total = 0
        free = full & ~(cols | diag | anti)
        while free:
            bit = free & -free
            free ^= bit
            total += place(cols | bit, ((diag | bit) << 1) & full, (anti | bit) >> 1)
        return total

    return place(0, 0, 0)
