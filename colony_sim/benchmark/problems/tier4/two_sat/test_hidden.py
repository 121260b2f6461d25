import itertools
import random

import pytest

from solution import two_sat


def satisfies(assign, clauses):
    def holds(lit):
        return assign[abs(lit) - 1] == (lit > 0)
    return all(holds(a) or holds(b) for a, b in clauses)


def brute(n, clauses):
    return any(satisfies(list(bits), clauses) for bits in itertools.product([False, True], repeat=n))


def check(n, clauses):
    result = two_sat(n, clauses)
    if brute(n, clauses):
        assert result is not None, clauses
        assert len(result) == n and all(isinstance(x, bool) for x in result)
        assert satisfies(result, clauses), (clauses, result)
    else:
        assert result is None, clauses


def test_small_cases():
    assert two_sat(2, [(1, 2), (-1, 2), (-2, -2)]) is None
    assert two_sat(1, [(1, 1)]) == [True]
    assert two_sat(1, [(-1, -1)]) == [False]
    assert two_sat(1, [(1, 1), (-1, -1)]) is None
    assert two_sat(0, []) == []
    check(3, [(1, -2), (2, -3), (3, -1), (1, 2)])
    check(3, [(1, 2), (-1, 3), (-3, -2), (-1, -2), (1, -3)])


def test_forced_chains():
    # x1 forced true, implications x_i -> x_{i+1}, last forced false: unsat
    n = 6
    clauses = [(1, 1)] + [(-i, i + 1) for i in range(1, n)] + [(-n, -n)]
    assert two_sat(n, clauses) is None
    assert two_sat(n, clauses[:-1]) == [True] * n


def test_random_against_brute_force():
    rng = random.Random(2)
    for _ in range(400):
        n = rng.randint(1, 6)
        clauses = []
        for _ in range(rng.randint(0, 12)):
            a = rng.randint(1, n) * rng.choice([1, -1])
            b = rng.randint(1, n) * rng.choice([1, -1])
            clauses.append((a, b))
        check(n, clauses)


@pytest.mark.parametrize("clause", [(0, 1), (1, 3), (-3, 1)])
def test_bad_literals(clause):
    with pytest.raises(ValueError):
        two_sat(2, [clause])


def test_large_chain_no_recursion_limit():
    n = 20000
    clauses = [(-i, i + 1) for i in range(1, n)] + [(1, 1)]
    result = two_sat(n, clauses)
    assert result == [True] * n
