import pytest

from solution import csv_split


@pytest.mark.parametrize("line, fields", [
    ("", [""]),
    ("a", ["a"]),
    ("a,b,c", ["a", "b", "c"]),
    ("a,", ["a", ""]),
    (",a", ["", "a"]),
    (",,", ["", "", ""]),
    ('a,"b,c",d', ["a", "b,c", "d"]),
    ('"say ""hi""",x', ['say "hi"', "x"]),
    ('""', [""]),
    ('"",""', ["", ""]),
    ('""""', ['"']),
    ('"a""b"', ['a"b']),
    ('"""a"""', ['"a"']),
    ('x,""', ["x", ""]),
    ('a"b,c', ['a"b', "c"]),
    ('a"",b', ['a""', "b"]),
    (' "a",b', [' "a"', "b"]),
    ('"a,b",', ["a,b", ""]),
    ('"1,2,3"', ["1,2,3"]),
    ('q,"",r', ["q", "", "r"]),
    ("  spaced  , out ", ["  spaced  ", " out "]),
])
def test_fields(line, fields):
    assert csv_split(line) == fields


@pytest.mark.parametrize("line", ['"abc', '"a""', 'x,"', '"a"b', '"a" ,b', '"', '"a""b', '"a",""x'])
def test_malformed(line):
    with pytest.raises(ValueError):
        csv_split(line)
