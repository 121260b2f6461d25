# Wrong solution: lower() instead of full case folding
import unicodedata


def _key(text):
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).lower())


def caseless_equal(a, b):
    return _key(a) == _key(b)
