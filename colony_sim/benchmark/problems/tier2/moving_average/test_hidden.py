import random

import pytest

from solution import moving_average


def oracle(values, window):
    return [sum(values[i:i + window]) / window for i in range(len(values) - window + 1)]


def test_known():
    assert moving_average([1, 2, 3, 4, 5], 2) == [1.5, 2.5, 3.5, 4.5]
    assert moving_average([10, 0, 0, 10], 3) == [10 / 3, 10 / 3]
    assert moving_average([4, 8, 15, 16, 23, 42], 1) == [4.0, 8.0, 15.0, 16.0, 23.0, 42.0]


def test_window_equals_length():
    assert moving_average([1, 2, 4], 3) == [7 / 3]


def test_window_too_large():
    assert moving_average([1, 2], 3) == []
    assert moving_average([], 1) == []


@pytest.mark.parametrize("window", [0, -1])
def test_bad_window(window):
    with pytest.raises(ValueError):
        moving_average([1, 2, 3], window)


def test_random():
    rng = random.Random(4)
    for _ in range(300):
        values = [rng.randint(-20, 20) for _ in range(rng.randint(0, 15))]
        window = rng.randint(1, 6)
        assert moving_average(values, window) == oracle(values, window), (values, window)


def test_odd_division_is_true_division():
    assert moving_average([1, 2], 2) == [1.5]
    assert moving_average([-3, 0], 2) == [-1.5]
