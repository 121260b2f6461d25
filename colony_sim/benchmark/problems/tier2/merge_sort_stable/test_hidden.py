import random

from solution import merge_sort


def test_plain():
    assert merge_sort([5, 2, 9, 1, 5, 6]) == [1, 2, 5, 5, 6, 9]
    assert merge_sort([]) == []
    assert merge_sort([1]) == [1]
    assert merge_sort([2, 1]) == [1, 2]
    assert merge_sort([3, 3, 3]) == [3, 3, 3]


def test_stability_with_key():
    pairs = [(1, "b"), (0, "x"), (1, "a"), (0, "y"), (1, "c")]
    assert merge_sort(pairs, key=lambda p: p[0]) == [(0, "x"), (0, "y"), (1, "b"), (1, "a"), (1, "c")]


def test_input_untouched_and_new_list():
    data = [3, 1, 2]
    out = merge_sort(data)
    assert data == [3, 1, 2]
    assert out == [1, 2, 3]
    single = [9]
    assert merge_sort(single) is not single


def test_random_stability():
    rng = random.Random(21)
    for _ in range(300):
        data = [(rng.randint(0, 4), i) for i in range(rng.randint(0, 25))]
        assert merge_sort(data, key=lambda p: p[0]) == sorted(data, key=lambda p: p[0])


def test_random_plain():
    rng = random.Random(22)
    for _ in range(200):
        data = [rng.randint(-50, 50) for _ in range(rng.randint(0, 40))]
        assert merge_sort(data) == sorted(data)


def test_key_called_on_items():
    words = ["pear", "Fig", "apple", "kiwi"]
    assert merge_sort(words, key=str.lower) == ["apple", "Fig", "kiwi", "pear"]
    assert merge_sort(words, key=len) == ["Fig", "pear", "kiwi", "apple"]
