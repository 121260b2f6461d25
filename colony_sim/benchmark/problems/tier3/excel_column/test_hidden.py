import itertools
import string

from solution import excel_column


def all_columns():
    for length in itertools.count(1):
        for combo in itertools.product(string.ascii_uppercase, repeat=length):
            yield "".join(combo)


def test_first_twenty_thousand():
    for n, name in zip(range(1, 20001), all_columns()):
        assert excel_column(n) == name, n


def test_landmarks():
    assert excel_column(16384) == "XFD"
    assert excel_column(18278) == "ZZZ"
    assert excel_column(18279) == "AAAA"
    assert excel_column(475254) == "ZZZZ"
