import json
import math
import random

import pytest

from solution import json_parse


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


VALID = [
    "0", "-0", "1", "-12", "3.25", "-0.5", "1e3", "1E+3", "2e-2", "0.0e0", "123456789012345678901234567890",
    "true", "false", "null", '""', '"abc"', '"\\u00e9\\u00C9"', '"\\ud83d\\ude00"', '"\\ud83d"',
    '"\\ude00"', '"\\ud83dx"', '"\\ud83d\\u0041"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\u00e9\U0001F600"',
    "[]", "[ ]", "{}", "{ }", "[1,2,3]", '{"a":1,"b":[true,false,null]}', '{"a":1,"a":2}',
    ' \t\n\r[ 1 , { "k" : "v" } ] \r\n', '[[[[[]]]]]', '{"":""}', '[-1.5e-3,0.1,1e400]', '"\\u0000"',
    '{"nested": {"deep": [1, {"x": [2, [3]]}]}}', "[1e-400]", '"\\ud800\\udc00"', '"\\udbff\\udfff"',
    '"\\ud7ff\\udc00"', '"\\udbff\\ue000"', '"\\udc00\\ud800"', '"\\ud800\\ud800\\udc00"', '"\\uD83D\\uDE00"',
]

INVALID = [
    "", " ", "01", "-01", "+1", ".5", "1.", "1.e3", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity",
    "-", "--1", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{a:1}", "'x'", '"\\x"',
    '"\\u12"', '"\\u12G4"', '"abc', '"a\nb"', '"a\tb"', "[", "]", "{", "[1]]", "1 2", "tru", "nul",
    "True", "None", "[1,,2]", "{,}", '"\\', "\u00a01", "1\u00a0", "[\u20281]", '{"a":1 "b":2}', "[01]",
    "truex", "nullnull", "[.1]", "-.1", "1.5.2",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_matches_json_module(text):
    assert same(json_parse(text), json.loads(text)), text


@pytest.mark.parametrize("text", INVALID)
def test_invalid(text):
    with pytest.raises(ValueError):
        json_parse(text)


def test_int_vs_float_types():
    assert type(json_parse("10")) is int
    assert type(json_parse("10.0")) is float
    assert type(json_parse("1e2")) is float
    assert json_parse("-0") == 0 and type(json_parse("-0")) is int


def test_deep_nesting():
    text = "[" * 200 + "]" * 200
    value = json_parse(text)
    for _ in range(199):
        value = value[0]
    assert value == []


def random_value(rng, depth):
    r = rng.random()
    if depth == 0 or r < 0.4:
        return rng.choice([0, -7, 123456789, 1.5, -2.25e-5, True, False, None, "", "a\"b\\c",
                           "\u00e9\U0001F600\n\t\u0001", "\ud800x"])
    if r < 0.7:
        return [random_value(rng, depth - 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(["k", "key", "\u00fc", "", "a b"]) + str(i): random_value(rng, depth - 1)
            for i in range(rng.randint(0, 4))}


def test_random_roundtrip():
    rng = random.Random(17)
    for _ in range(300):
        value = random_value(rng, 4)
        ascii_only = rng.random() < 0.5
        text = json.dumps(value, ensure_ascii=ascii_only, indent=rng.choice([None, 1, "\t"]))
        assert same(json_parse(text), json.loads(text)), text
