import pytest

from solution import grapheme_count

RI_US = "\U0001F1FA\U0001F1F8"
RI_FR = "\U0001F1EB\U0001F1F7"
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
THUMBS_DARK = "\U0001F44D\U0001F3FF"
HEART_EMOJI = "\u2764\ufe0f"


@pytest.mark.parametrize("text, count", [
    ("", 0), ("a", 1), ("abc", 3), ("cafe\u0301", 4), ("caf\u00e9", 4),
    ("e\u0301\u0302\u0303", 1), ("\u0301", 1), ("\u0301a", 2),
    ("\r\n", 1), ("\n\r", 2), ("a\r\nb", 3), ("\r\r\n", 2), ("\n\u0301", 2), ("a\n", 2),
    ("\r\u0301", 2), ("x\u0301\n", 2),
    (RI_US, 1), (RI_US + RI_FR, 2), ("\U0001F1FA", 1), (RI_US + "\U0001F1EB", 2),
    ("a" + RI_US, 2), (RI_US[0] + "a" + RI_US[1], 3), (RI_US + RI_FR + RI_US, 3),
    (FAMILY, 1), (FAMILY + FAMILY, 2), (THUMBS_DARK, 1), (HEART_EMOJI, 1), ("a\u200d", 1),
    ("a\u200db", 1), ("\u200d", 1), ("a\u200d\n", 2), ("\u0915\u094d\u0937", 2),
    ("\u0915\u0903", 1), ("\u0928\u093f", 1), ("1\u20e3", 1), ("a\u20dd", 1),
    ("\u1100\u1161", 2), ("a\ufe00", 1), ("a\ufe0f", 1), ("a\ufe10", 2), ("a\ufdfd", 2),
    ("a\U0001F3FB", 1), ("a\U0001F3FF", 1), ("a\U0001F3FA", 2), ("a\U0001F400", 2),
    ("\U0001F1E6\U0001F1E6", 1), ("\U0001F1FF\U0001F1FF", 1), ("\U0001F1E5\U0001F1E5", 2),
    ("\U0001F200\U0001F200", 2), ("\U0001F1E6\u0301\U0001F1E6", 2), (RI_US[0] + "\u200d" + RI_US[1], 1),
    ("\U0001F3FB", 1), ("x\ufe0e", 1), ("\t\u0301", 1),
])
def test_counts(text, count):
    assert grapheme_count(text) == count


def test_long_mixed_text():
    text = ("Zoe\u0308 " + RI_US + FAMILY + THUMBS_DARK + "\r\n") * 50
    assert grapheme_count(text) == 50 * 8
