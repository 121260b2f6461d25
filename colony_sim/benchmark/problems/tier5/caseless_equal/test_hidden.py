import pytest

from solution import caseless_equal


@pytest.mark.parametrize("a, b", [
    ("hello", "HELLO"), ("Straße", "STRASSE"), ("straße", "strasse"), ("ΣΊΣΥΦΟΣ", "σίσυφος"),
    ("ς", "Σ"), ("café", "CAFE\u0301"), ("e\u0301", "\u00e9"), ("\u00c5", "A\u030a"),
    ("\u212b", "\u00e5"), ("ﬁle", "FILE"), ("q\u0307\u0323", "q\u0323\u0307"),
    ("\u0345", "\u03b9"), ("\u1e9e", "ss"), ("İ", "i\u0307"), ("", ""), ("ǅ", "Ǆ"), ("ǅ", "ǆ"),
    ("\u1f80", "\u1f00\u03b9"), ("Ω", "ω"), ("K", "k"),
])
def test_equal(a, b):
    assert caseless_equal(a, b) is True
    assert caseless_equal(b, a) is True


@pytest.mark.parametrize("a, b", [
    ("\u2460", "1"), ("Ａ", "A"), ("ﬁ", "f i"), ("a", "á"), ("e\u0301", "e"), ("i", "ı"),
    ("abc", "abcd"), ("²", "2"), ("\u00bd", "1/2"), ("ss", "s"), ("\u3000", " "),
])
def test_not_equal(a, b):
    assert caseless_equal(a, b) is False
    assert caseless_equal(b, a) is False
