import functools
import random

from solution import natural_sort


def chunks(name):
    out, i = [], 0
    while i < len(name):
        j = i
        is_digit = name[i] in "0123456789"
        while j < len(name) and (name[j] in "0123456789") == is_digit:
            j += 1
        out.append(name[i:j])
        i = j
    return out


def compare(a, b):
    ca, cb = chunks(a), chunks(b)
    for x, y in zip(ca, cb):
        dx, dy = x[0] in "0123456789", y[0] in "0123456789"
        if dx and dy:
            if int(x) != int(y):
                return -1 if int(x) < int(y) else 1
        elif dx != dy:
            return -1 if dx else 1
        elif x.casefold() != y.casefold():
            return -1 if x.casefold() < y.casefold() else 1
    if len(ca) != len(cb):
        return -1 if len(ca) < len(cb) else 1
    return (a > b) - (a < b)


def test_numbers_by_value():
    assert natural_sort(["file10.txt", "file9.txt", "file1.txt", "file100.txt"]) == [
        "file1.txt", "file9.txt", "file10.txt", "file100.txt"]


def test_ties_and_case():
    assert natural_sort(["a1", "A1", "a01"]) == ["A1", "a01", "a1"]
    assert natural_sort(["a01", "a1", "A1"]) == ["A1", "a01", "a1"]
    assert natural_sort(["Beta", "alpha", "ALPHA", "beta"]) == ["ALPHA", "alpha", "Beta", "beta"]
    assert natural_sort(["STRASSE", "straße2", "Straße1"]) == ["STRASSE", "Straße1", "straße2"]


def test_digits_before_text_and_prefixes():
    assert natural_sort(["b", "1b", "B2", "b1", ""]) == ["", "1b", "b", "b1", "B2"]
    assert natural_sort(["x", "x0", "x-", "x00"]) == ["x", "x0", "x00", "x-"]


def test_non_ascii_digits_are_text():
    assert natural_sort(["x\u00b2", "x3", "x\u0663", "x10"]) == ["x3", "x10", "x\u00b2", "x\u0663"]


def test_huge_numbers():
    big = "9" * 40
    assert natural_sort(["n" + big, "n1" + big]) == ["n" + big, "n1" + big]


def test_input_not_modified():
    names = ["b", "a"]
    assert natural_sort(names) == ["a", "b"]
    assert names == ["b", "a"]


def test_random_against_comparator():
    rng = random.Random(77)
    alphabet = ["a", "A", "b", "0", "1", "2", "9", "10", "007", "-", "\u00df", "SS", "\u00b2"]
    for _ in range(200):
        names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(8)]
        expected = sorted(names, key=functools.cmp_to_key(compare))
        assert natural_sort(names) == expected, names
        rng.shuffle(names)
        assert natural_sort(names) == expected, names
