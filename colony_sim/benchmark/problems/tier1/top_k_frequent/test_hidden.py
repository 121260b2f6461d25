import random

import pytest

from solution import top_k_frequent


def test_basic():
    assert top_k_frequent(["b", "a", "b", "c", "a", "b"], 2) == [("b", 3), ("a", 2)]


def test_ties_broken_alphabetically_not_by_first_occurrence():
    words = ["pear", "apple", "fig", "pear", "fig", "apple", "kiwi"]
    assert top_k_frequent(words, 3) == [("apple", 2), ("fig", 2), ("pear", 2)]
    assert top_k_frequent(words, 2) == [("apple", 2), ("fig", 2)]


def test_k_larger_than_distinct():
    assert top_k_frequent(["x", "y", "x"], 10) == [("x", 2), ("y", 1)]


def test_k_zero_and_empty():
    assert top_k_frequent(["a", "a"], 0) == []
    assert top_k_frequent([], 3) == []


def test_case_sensitive():
    assert top_k_frequent(["A", "a", "a", "B"], 3) == [("a", 2), ("A", 1), ("B", 1)]


def test_negative_k():
    with pytest.raises(ValueError):
        top_k_frequent(["a"], -1)


def test_random():
    rng = random.Random(11)
    for _ in range(300):
        words = [rng.choice("abcdefg") * rng.randint(1, 2) for _ in range(rng.randint(0, 30))]
        k = rng.randint(0, 9)
        distinct = sorted(set(words), key=lambda w: (-words.count(w), w))
        assert top_k_frequent(words, k) == [(w, words.count(w)) for w in distinct[:k]]
