import itertools
import random

from solution import suffix_array


def oracle(text):
    sa = sorted(range(len(text)), key=lambda i: text[i:])
    lcp = [0] * len(text)
    for r in range(1, len(text)):
        a, b = text[sa[r - 1]:], text[sa[r]:]
        h = 0
        while h < min(len(a), len(b)) and a[h] == b[h]:
            h += 1
        lcp[r] = h
    return sa, lcp


def test_known():
    assert suffix_array("banana") == ([5, 3, 1, 0, 4, 2], [0, 1, 3, 0, 0, 2])
    assert suffix_array("aaa") == ([2, 1, 0], [0, 1, 2])
    assert suffix_array("") == ([], [])
    assert suffix_array("z") == ([0], [0])
    assert suffix_array("ba") == ([1, 0], [0, 0])


def test_prefix_sorts_first():
    assert suffix_array("abab") == ([2, 0, 3, 1], [0, 2, 0, 1])
    assert suffix_array("mississippi") == oracle("mississippi")


def test_exhaustive_small():
    for length in range(1, 8):
        for combo in itertools.product("ab", repeat=length):
            text = "".join(combo)
            assert suffix_array(text) == oracle(text), text


def test_unicode_and_random():
    rng = random.Random(12)
    for _ in range(200):
        text = "".join(rng.choice("ab\u00e9\U0001F600 ") for _ in range(rng.randint(1, 40)))
        assert suffix_array(text) == oracle(text), text


def test_large_repetitive_is_fast():
    text = "ab" * 2500
    sa, lcp = suffix_array(text)
    n = len(text)
    assert sa[:3] == [n - 2, n - 4, n - 6]
    assert sa[n // 2] == n - 1
    assert lcp[1] == 2 and lcp[n // 2] == 0 and max(lcp) == n - 2
    text = "".join(random.Random(2).choice("acgt") for _ in range(5000))
    sa, lcp = suffix_array(text)
    for r in range(1, len(text), 97):
        assert text[sa[r - 1]:] < text[sa[r]:]
        h = lcp[r]
        assert text[sa[r - 1]:sa[r - 1] + h] == text[sa[r]:sa[r] + h]
        assert text[sa[r - 1] + h:sa[r - 1] + h + 1] != text[sa[r] + h:sa[r] + h + 1]
