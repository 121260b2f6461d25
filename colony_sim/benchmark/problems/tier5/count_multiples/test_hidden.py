import random

import pytest

from solution import count_multiples


def brute(lo, hi, k):
    return sum(1 for x in range(lo, hi + 1) if x % k == 0)


@pytest.mark.parametrize("args, expected", [
    ((1, 10, 3), 3), ((-6, 6, 3), 5), ((7, 7, 7), 1), ((5, 1, 2), 0), ((0, 0, 5), 1),
    ((1, 1, 5), 0), ((-5, -5, 5), 1), ((-4, -1, 5), 0), ((-10, -1, 5), 2), ((3, 9, 3), 3),
    ((4, 8, 3), 1), ((1, 10, -3), 3), ((-1, 1, 1), 3), ((6, 6, 4), 0), ((-7, -3, -2), 2),
])
def test_known(args, expected):
    assert count_multiples(*args) == expected


def test_exhaustive_small():
    for lo in range(-12, 13):
        for hi in range(lo - 2, 13):
            for k in range(-5, 6):
                if k:
                    assert count_multiples(lo, hi, k) == brute(lo, hi, k), (lo, hi, k)


def test_huge():
    assert count_multiples(-(10**30), 10**30, 7) == 2 * (10**30 // 7) + 1
    assert count_multiples(1, 10**40, 10**20) == 10**20
    assert count_multiples(10**18 + 1, 10**18 + 2, 10**18) == 0


def test_zero_k():
    with pytest.raises(ZeroDivisionError):
        count_multiples(1, 5, 0)


def test_random_mid_range():
    rng = random.Random(3)
    for _ in range(300):
        lo, hi, k = rng.randint(-200, 200), rng.randint(-200, 200), rng.choice([-1, 1]) * rng.randint(1, 30)
        assert count_multiples(lo, hi, k) == brute(lo, hi, k)
