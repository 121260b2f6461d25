import random

import pytest

from solution import find_all


def brute(patterns, text):
    return sorted((s, i) for i, p in enumerate(patterns) for s in range(len(text) - len(p) + 1)
                  if text.startswith(p, s))


def test_classic():
    assert find_all(["he", "she", "his", "hers"], "ushers") == [(1, 1), (2, 0), (2, 3)]
    assert find_all(["aa", "a"], "aaa") == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 1)]


def test_suffix_outputs_via_failure_links():
    assert find_all(["abcd", "bc", "c"], "abcd") == [(0, 0), (1, 1), (2, 2)]
    assert find_all(["abcx", "bcd"], "abcd") == [(1, 1)]
    assert find_all(["a", "ba", "cba"], "dcba") == [(1, 2), (2, 1), (3, 0)]


def test_duplicates_no_match_and_empty_text():
    assert find_all(["ab", "ab"], "abab") == [(0, 0), (0, 1), (2, 0), (2, 1)]
    assert find_all(["xyz"], "abc") == []
    assert find_all(["a"], "") == []
    assert find_all([], "abc") == []
    assert find_all(["\u00e9", "e\u0301"], "caf\u00e9 cafe\u0301") == [(3, 0), (8, 1)]


def test_empty_pattern_rejected():
    with pytest.raises(ValueError):
        find_all(["a", ""], "aaa")


def test_random_against_brute_force():
    rng = random.Random(321)
    for _ in range(400):
        patterns = ["".join(rng.choice("ab") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 6))]
        text = "".join(rng.choice("abc") for _ in range(rng.randint(0, 25)))
        assert find_all(patterns, text) == brute(patterns, text), (patterns, text)


def test_large_input():
    rng = random.Random(8)
    patterns = ["".join(rng.choice("acgt") for _ in range(rng.randint(4, 9))) for _ in range(2000)]
    text = "".join(rng.choice("acgt") for _ in range(100000))
    found = find_all(patterns, text)
    assert found == sorted(found)
    assert all(text.startswith(patterns[i], s) for s, i in found[::50])
    window = text[5000:5200]
    local = [(s - 5000, i) for s, i in found if 5000 <= s and s + len(patterns[i]) <= 5200]
    assert local == brute(patterns, window)
