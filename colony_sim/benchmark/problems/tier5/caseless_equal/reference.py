import unicodedata


def _key(text):
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())


def caseless_equal(a, b):
    return _key(a) == _key(b)
