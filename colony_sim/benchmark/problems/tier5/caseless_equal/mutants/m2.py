# Wrong solution: case folding without any normalization
import unicodedata


def _key(text):
    return text.casefold()


def caseless_equal(a, b):
    return _key(a) == _key(b)
