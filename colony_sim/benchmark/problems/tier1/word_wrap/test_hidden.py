import random

import pytest

from solution import word_wrap


def oracle(text, width):
    words = []
    for w in text.split():
        while len(w) > width:
            words.append(w[:width])
            w = w[width:]
        words.append(w)
    lines = []
    for w in words:
        if lines and len(lines[-1]) + len(w) < width:
            lines[-1] += " " + w
        else:
            lines.append(w)
    return lines


@pytest.mark.parametrize("text, width, expected", [
    ("the quick brown fox", 10, ["the quick", "brown fox"]),
    ("aaa bbb", 7, ["aaa bbb"]),
    ("aaa bbb", 6, ["aaa", "bbb"]),
    ("abcdefgh ij", 3, ["abc", "def", "gh", "ij"]),
    ("abcdef", 3, ["abc", "def"]),
    ("abcdef x", 3, ["abc", "def", "x"]),
    ("x abcdefg", 3, ["x", "abc", "def", "g"]),
    ("ab abcd e", 4, ["ab", "abcd", "e"]),
    ("a b c d e", 1, ["a", "b", "c", "d", "e"]),
    ("a b c d e", 3, ["a b", "c d", "e"]),
    ("  lots   of\tspace\n here ", 8, ["lots of", "space", "here"]),
    ("", 5, []),
    ("   \n ", 5, []),
    ("hello", 5, ["hello"]),
    ("hello", 100, ["hello"]),
])
def test_known(text, width, expected):
    assert word_wrap(text, width) == expected


@pytest.mark.parametrize("width", [0, -2])
def test_bad_width(width):
    with pytest.raises(ValueError):
        word_wrap("abc", width)
    with pytest.raises(ValueError):
        word_wrap("", width)


def test_random_against_oracle():
    rng = random.Random(5)
    for _ in range(400):
        words = ["x" * rng.randint(1, 9) for _ in range(rng.randint(0, 12))]
        text = "".join(w + rng.choice([" ", "  ", "\t", "\n"]) for w in words)
        width = rng.randint(1, 10)
        result = word_wrap(text, width)
        assert result == oracle(text, width), (text, width)
        assert all(1 <= len(line) <= width for line in result)
