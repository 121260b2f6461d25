import itertools

from solution import n_queens_count


def brute(n):
    count = 0
    for perm in itertools.permutations(range(n)):
        if len({r + c for r, c in enumerate(perm)}) == n and len({r - c for r, c in enumerate(perm)}) == n:
            count += 1
    return count


def test_against_brute_force():
    for n in range(0, 8):
        assert n_queens_count(n) == brute(n), n


def test_known_counts():
    assert [n_queens_count(n) for n in range(0, 10)] == [1, 1, 0, 0, 2, 10, 4, 40, 92, 352]
