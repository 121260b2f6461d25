# Wrong solution: carriage return + line feed counted as two clusters
import unicodedata


def _is_extender(ch):
    return (unicodedata.category(ch) in ("Mn", "Mc", "Me")
            or ch == "\u200d"
            or "\ufe00" <= ch <= "\ufe0f"
            or "\U0001f3fb" <= ch <= "\U0001f3ff")


def _is_regional(ch):
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def grapheme_count(text):
    count = 0
    prev = None
    regional_run = 0
    for ch in text:
        if prev is None:
            joins = False

        elif prev in "\r\n" or ch in "\r\n":
            joins = False
        elif _is_extender(ch) or prev == "\u200d":
            joins = True
        else:
            joins = _is_regional(ch) and regional_run % 2 == 1
        if not joins:
            count += 1
        regional_run = regional_run + 1 if _is_regional(ch) else 0
        prev = ch
    return count
