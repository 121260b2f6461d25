from solution import to_negabinary


def decode(text):
    return sum(int(d) * (-2) ** i for i, d in enumerate(reversed(text)))


def test_small_table():
    expected = {0: "0", 1: "1", 2: "110", 3: "111", 4: "100", 5: "101", 6: "11010",
                -1: "11", -2: "10", -3: "1101", -4: "1100", -5: "1111", -6: "1110"}
    for n, text in expected.items():
        assert to_negabinary(n) == text, n


def test_roundtrip_range():
    for n in range(-4000, 4001):
        text = to_negabinary(n)
        assert set(text) <= {"0", "1"}
        assert text == "0" or text[0] == "1"
        assert decode(text) == n, n


def test_huge():
    for n in (2**100, -(2**100), 10**30 + 1, -(10**30) - 7):
        assert decode(to_negabinary(n)) == n
    assert to_negabinary(-(2**7)) == "10000000"
    assert to_negabinary(2**8) == "100000000"
