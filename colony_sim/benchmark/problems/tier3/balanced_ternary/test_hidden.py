from solution import balanced_ternary

VALUES = {"+": 1, "0": 0, "-": -1}


def decode(text):
    total = 0
    for ch in text:
        total = total * 3 + VALUES[ch]
    return total


def test_small():
    assert [balanced_ternary(n) for n in range(-4, 5)] == ["--", "-0", "-+", "-", "0", "+", "+-", "+0", "++"]


def test_roundtrip_and_canonical():
    for n in range(-3000, 3001):
        text = balanced_ternary(n)
        assert decode(text) == n, n
        assert text == "0" or text[0] != "0", n
        assert set(text) <= {"+", "0", "-"}


def test_negation_mirrors():
    for n in range(1, 500):
        flipped = balanced_ternary(n).translate(str.maketrans("+-", "-+"))
        assert balanced_ternary(-n) == flipped


def test_large():
    assert balanced_ternary(3**30) == "+" + "0" * 30
    assert decode(balanced_ternary(10**20 + 7)) == 10**20 + 7
