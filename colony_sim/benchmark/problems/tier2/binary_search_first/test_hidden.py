import random

from solution import binary_search_first


def test_duplicates_return_leftmost():
    assert binary_search_first([1, 2, 2, 2, 5], 2) == 1
    assert binary_search_first([7, 7, 7, 7], 7) == 0
    assert binary_search_first([1, 1, 2, 3, 3, 3, 3, 3], 3) == 3


def test_absent_targets():
    assert binary_search_first([], 1) == -1
    assert binary_search_first([1, 3], 2) == -1
    assert binary_search_first([1, 3], 0) == -1
    assert binary_search_first([1, 3], 4) == -1
    assert binary_search_first([5], 6) == -1


def test_ends():
    assert binary_search_first([1, 2, 3], 3) == 2
    assert binary_search_first([1, 2, 3], 1) == 0
    assert binary_search_first([4], 4) == 0


def test_random_against_index():
    rng = random.Random(3)
    for _ in range(500):
        items = sorted(rng.randint(-5, 5) for _ in range(rng.randint(0, 12)))
        target = rng.randint(-7, 7)
        expected = items.index(target) if target in items else -1
        assert binary_search_first(items, target) == expected, (items, target)


def test_logarithmic_comparisons():
    class Counting(int):
        count = 0

        def __lt__(self, other):
            Counting.count += 1
            return int(self) < int(other)

        def __eq__(self, other):
            Counting.count += 1
            return int(self) == int(other)

        __hash__ = int.__hash__

    items = [Counting(i // 3) for i in range(30000)]
    assert binary_search_first(items, 6000) == 18000
    assert Counting.count < 100
