import itertools
import random

import pytest

from solution import determinant


def leibniz(m):
    n = len(m)
    total = 0
    for perm in itertools.permutations(range(n)):
        inversions = sum(1 for i in range(n) for j in range(i + 1, n) if perm[i] > perm[j])
        prod = 1
        for i in range(n):
            prod *= m[i][perm[i]]
        total += -prod if inversions % 2 else prod
    return total


def matmul(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]


def test_small_known():
    assert determinant([[1, 2], [3, 4]]) == -2
    assert determinant([[0, 1], [1, 0]]) == -1
    assert determinant([]) == 1
    assert determinant([[7]]) == 7
    assert determinant([[0]]) == 0
    assert determinant([[2, 0, 0], [0, 3, 0], [0, 0, 4]]) == 24
    assert determinant([[0, 0, 1], [0, 1, 0], [1, 0, 0]]) == -1
    assert determinant([[0, 2, 3], [0, 5, 6], [7, 8, 9]]) == 7 * (2 * 6 - 3 * 5)


def test_zero_pivots_and_singular():
    assert determinant([[0, 0], [0, 5]]) == 0
    assert determinant([[1, 2, 3], [2, 4, 6], [1, 0, 1]]) == 0
    assert determinant([[1, 1, 1], [1, 1, 2], [1, 2, 3]]) == leibniz([[1, 1, 1], [1, 1, 2], [1, 2, 3]])
    assert determinant([[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]]) == -1


def test_random_small_against_leibniz():
    rng = random.Random(19)
    for _ in range(250):
        n = rng.randint(1, 5)
        m = [[rng.choice([0, 0, 1, -1, 2, -3, 5]) for _ in range(n)] for _ in range(n)]
        assert determinant(m) == leibniz(m), m


def test_big_entries():
    rng = random.Random(20)
    for _ in range(30):
        n = rng.randint(2, 5)
        m = [[rng.randint(-10**30, 10**30) for _ in range(n)] for _ in range(n)]
        assert determinant(m) == leibniz(m)


def test_multiplicative_on_large_matrices():
    rng = random.Random(21)
    n = 12
    a = [[rng.randint(-99, 99) for _ in range(n)] for _ in range(n)]
    b = [[rng.randint(-99, 99) for _ in range(n)] for _ in range(n)]
    assert determinant(matmul(a, b)) == determinant(a) * determinant(b)


def test_large_triangular_times_permutation_is_fast():
    rng = random.Random(22)
    n = 60
    upper = [[rng.randint(1, 10**12) if j >= i else 0 for j in range(n)] for i in range(n)]
    expected = 1
    for i in range(n):
        expected *= upper[i][i]
    assert determinant(upper) == expected
    rows = upper[1:] + upper[:1]
    assert determinant(rows) == expected * (-1) ** (n - 1)


@pytest.mark.parametrize("bad", [[[1, 2]], [[1], [2]], [[1, 2], [3]], [[1, 2], [3, 4, 5]]])
def test_not_square(bad):
    with pytest.raises(ValueError):
        determinant(bad)
