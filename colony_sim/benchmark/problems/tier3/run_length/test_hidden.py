import itertools
import random

from solution import run_length


def oracle(text):
    return "".join(f"{len(list(g))}{k}" for k, g in itertools.groupby(text))


def test_examples_like():
    assert run_length("") == ""
    assert run_length("aaabcc") == "3a1b2c"
    assert run_length("b" * 105) == "105b"
    assert run_length("1112") == "3112"
    assert run_length("aAAa") == "1a2A1a"
    assert run_length("\u00e9e\u0301") == "1\u00e91e1\u0301"


def test_exhaustive_small():
    for length in range(0, 7):
        for combo in itertools.product("ab1", repeat=length):
            text = "".join(combo)
            assert run_length(text) == oracle(text), text


def test_random_long():
    rng = random.Random(9)
    for _ in range(50):
        text = "".join(rng.choice("xy") * rng.randint(1, 15) for _ in range(20))
        assert run_length(text) == oracle(text)
