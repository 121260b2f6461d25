import itertools

from solution import look_and_say


def step(term):
    return "".join(f"{len(list(g))}{k}" for k, g in itertools.groupby(term))


def test_first_terms():
    assert [look_and_say(n) for n in range(1, 9)] == [
        "1", "11", "21", "1211", "111221", "312211", "13112221", "1113213211"]


def test_later_terms():
    term = "1"
    for n in range(1, 30):
        assert look_and_say(n) == term, n
        term = step(term)


def test_lengths():
    assert len(look_and_say(20)) == 302
    assert len(look_and_say(21)) == 408
    assert len(look_and_say(25)) == 1182
