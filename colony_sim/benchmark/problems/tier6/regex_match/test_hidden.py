import random
import re

import pytest

from solution import regex_match


def to_python(pattern):
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append("(?s:.)" if ch == "." else ch)
        i += 1
    return "".join(out)


def gen(rng, depth):
    r = rng.random()
    if depth == 0 or r < 0.3:
        return rng.choice(["a", "b", ".", "\\*", "()", "a"])
    if r < 0.55:
        return gen(rng, depth - 1) + gen(rng, depth - 1)
    if r < 0.7:
        return "(" + gen(rng, depth - 1) + "|" + gen(rng, depth - 1) + ")"
    if r < 0.75:
        return "(" + gen(rng, depth - 1) + "|)"
    return "(" + gen(rng, depth - 1) + ")" + rng.choice("*+?")


@pytest.mark.parametrize("pattern, text, ok", [
    ("a(b|c)*d", "abcbd", True), ("a(b|c)*d", "ad", True), ("a(b|c)*d", "abxd", False),
    ("a+", "", False), ("a+", "aaa", True), ("a?", "", True), ("a?", "aa", False),
    ("", "", True), ("", "a", False), ("()", "", True), ("(a|)b?", "", True), ("a|", "", True),
    ("a|", "a", True), ("|b", "b", True), ("a|b|c", "c", True), ("ab|cd", "ad", False),
    (".", "\n", True), (".*", "any\nthing", True), ("\\.", "x", False), ("\\.", ".", True),
    ("\\*+", "***", True), ("\\\\", "\\", True), ("\\(a\\)", "(a)", True), ("a.c", "abc", True),
    ("a.c", "ac", False), ("(ab)+", "ababab", True), ("(ab)+", "aba", False), ("x*", "", True),
    ("((a))", "a", True), ("(a*)*", "", True), ("(a|b)*abb", "babaabb", True), ("ab", "abc", False),
    ("abc", "ab", False), ("(a?)+b", "b", True), ("(|a)+", "aaa", True), ("\u00e9+", "\u00e9\u00e9", True),
])
def test_known(pattern, text, ok):
    assert regex_match(pattern, text) is ok


@pytest.mark.parametrize("pattern", [
    "(", ")", "(a", "a)", "*", "+a", "?", "a**", "a+?", "a?*", "(*a)", "a|*", "\\", "ab\\",
    "(a|b))", "((a)", "|*",
])
def test_malformed(pattern):
    with pytest.raises(ValueError):
        regex_match(pattern, "a")


def test_no_exponential_blowup():
    assert regex_match("(a*)*b", "a" * 40) is False
    assert regex_match("(a|aa)+c", "a" * 60) is False
    assert regex_match("(a?){30}a{30}".replace("{30}", "") * 1, "a") is True
    assert regex_match("(.*)*x(.*)*y", "q" * 50 + "x" + "q" * 50) is False


def test_random_against_python_re():
    rng = random.Random(66)
    for _ in range(400):
        pattern = gen(rng, 4)
        compiled = re.compile(to_python(pattern))
        for _ in range(6):
            text = "".join(rng.choice("ab*") for _ in range(rng.randint(0, 6)))
            expected = compiled.fullmatch(text) is not None
            assert regex_match(pattern, text) is expected, (pattern, text)
