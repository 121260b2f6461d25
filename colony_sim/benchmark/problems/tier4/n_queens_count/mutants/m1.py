# Wrong solution: forgets the anti-diagonal
def n_queens_count(n):
    full = (1 << n) - 1

    def place(cols, diag, anti):
        if cols == full:
            return 1
        total = 0
        free = full & ~(cols | diag)
        while free:
            bit = free & -free
            free ^= bit
            total += place(cols | bit, ((diag | bit) << 1) & full, (anti | bit) >> 1)
        return total

    return place(0, 0, 0)
