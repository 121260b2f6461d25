# Wrong solution: compatibility normalization (NFKC) instead of canonical
import unicodedata


def _key(text):
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def caseless_equal(a, b):
    return _key(a) == _key(b)
