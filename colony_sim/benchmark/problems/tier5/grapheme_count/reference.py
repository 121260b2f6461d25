import unicodedata


def _is_extender(ch):
    return (unicodedata.category(ch) in ("Mn", "Mc", "Me")
            or ch == "\u200d"
            or "\U0001f3fb" <= ch <= "\U0001f3ff")


def _is_regional(ch):
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def grapheme_count(text):
    count = 0
    prev = None
    unpaired_regional = False
    for ch in text:
        if prev is None:
            joins = False
        elif prev == "\r" and ch == "\n":
            joins = True
        elif prev in "\r\n" or ch in "\r\n":
            joins = False
        elif _is_extender(ch) or prev == "\u200d":
            joins = True
        else:
            joins = _is_regional(ch) and unpaired_regional
        if not joins:
            count += 1
        unpaired_regional = _is_regional(ch) and not (joins and _is_regional(prev))
        prev = ch
    return count
