import random

import pytest

from solution import token_bucket


def oracle(capacity, rate, requests):
    tokens, now, out = capacity, 0, []
    for time, cost in requests:
        while now < time:
            now += 1
            tokens = min(capacity, tokens + rate)
        ok = tokens >= cost
        tokens -= cost if ok else 0
        out.append(ok)
    return out


def test_example():
    assert token_bucket(3, 1, [(0, 2), (0, 2), (1, 2), (10, 3), (10, 1)]) == [True, False, True, True, False]


def test_refill_is_capped():
    # after a long idle period the bucket holds only `capacity`, not more
    assert token_bucket(5, 2, [(0, 5), (100, 5), (100, 1), (101, 2), (101, 1)]) == [True, True, False, True, False]


def test_exact_balance_is_enough():
    assert token_bucket(4, 1, [(0, 4), (3, 3), (3, 1), (4, 1)]) == [True, True, False, True]


def test_rejection_costs_nothing():
    assert token_bucket(2, 1, [(0, 3), (0, 2), (1, 2), (2, 1)]) == [False, True, False, True]


def test_zero_rate_and_zero_cost():
    assert token_bucket(2, 0, [(0, 1), (5, 1), (9, 1), (9, 0)]) == [True, True, False, True]


def test_empty():
    assert token_bucket(1, 1, []) == []


@pytest.mark.parametrize("requests", [[(3, 1), (2, 1)], [(-1, 1)]])
def test_time_going_backwards(requests):
    with pytest.raises(ValueError):
        token_bucket(5, 1, requests)


def test_random_against_step_model():
    rng = random.Random(77)
    for _ in range(300):
        capacity, rate = rng.randint(1, 6), rng.randint(0, 3)
        time, requests = 0, []
        for _ in range(rng.randint(0, 15)):
            time += rng.choice([0, 0, 1, 2, 5])
            requests.append((time, rng.randint(0, 7)))
        assert token_bucket(capacity, rate, requests) == oracle(capacity, rate, requests)
