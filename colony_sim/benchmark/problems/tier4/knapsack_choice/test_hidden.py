import itertools
import random

from solution import knapsack_choice


def brute(items, capacity):
    best = (0, [])
    for r in range(1, len(items) + 1):
        for combo in itertools.combinations(range(len(items)), r):
            if sum(items[i][0] for i in combo) <= capacity:
                value = sum(items[i][1] for i in combo)
                if value > best[0] or (value == best[0] and list(combo) < best[1]):
                    best = (value, list(combo))
    return best


def test_known():
    assert knapsack_choice([(2, 3), (3, 4), (4, 5), (5, 6)], 5) == (7, [0, 1])
    assert knapsack_choice([(1, 1), (1, 1), (2, 2)], 2) == (2, [0, 1])
    assert knapsack_choice([], 10) == (0, [])
    assert knapsack_choice([(5, 10)], 4) == (0, [])
    assert knapsack_choice([(5, 10)], 5) == (10, [0])


def test_prefix_and_zero_items():
    # zero-value items may be included only if that makes the list smaller
    assert knapsack_choice([(0, 0), (1, 5)], 1) == (5, [0, 1])
    assert knapsack_choice([(1, 5), (0, 0)], 1) == (5, [0])
    assert knapsack_choice([(2, 2), (1, 1), (1, 1)], 2) == (2, [0])
    assert knapsack_choice([(3, 3), (1, 1), (2, 2)], 3) == (3, [0])


def test_random_against_brute_force():
    rng = random.Random(14)
    for _ in range(300):
        items = [(rng.randint(0, 6), rng.randint(0, 6)) for _ in range(rng.randint(0, 7))]
        capacity = rng.randint(0, 12)
        assert knapsack_choice(items, capacity) == brute(items, capacity), (items, capacity)


def test_large_instance():
    rng = random.Random(15)
    items = [(rng.randint(1, 60), rng.randint(1, 100)) for _ in range(60)]
    value, chosen = knapsack_choice(items, 1000)
    assert sum(items[i][0] for i in chosen) <= 1000
    assert sum(items[i][1] for i in chosen) == value
    assert chosen == sorted(set(chosen))
