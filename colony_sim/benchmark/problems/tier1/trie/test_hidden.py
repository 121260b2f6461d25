import random

import pytest

from solution import trie_ops


def oracle(ops):
    words = set()
    out = []
    for kind, arg in ops:
        if kind == "insert":
            out.append(arg not in words)
            words.add(arg)
        elif kind == "contains":
            out.append(arg in words)
        elif kind == "count_prefix":
            out.append(sum(w.startswith(arg) for w in words))
        elif kind == "delete":
            out.append(arg in words)
            words.discard(arg)
        else:
            hits = [w for w in words if arg.startswith(w)]
            out.append(max(hits, key=len) if hits else None)
    return out


def test_basic_flow():
    ops = [("insert", "to"), ("insert", "tea"), ("insert", "ten"), ("insert", "tea"),
           ("count_prefix", "te"), ("count_prefix", "t"), ("count_prefix", "x"),
           ("contains", "te"), ("contains", "tea")]
    assert trie_ops(ops) == [True, True, True, False, 2, 3, 0, False, True]


def test_delete_keeps_prefix_and_extension():
    ops = [("insert", "a"), ("insert", "ab"), ("insert", "abc"), ("delete", "ab"),
           ("contains", "a"), ("contains", "ab"), ("contains", "abc"), ("count_prefix", "ab"),
           ("delete", "ab"), ("delete", "abc"), ("count_prefix", "a"), ("contains", "a"),
           ("longest_prefix_of", "abcd")]
    assert trie_ops(ops) == [True, True, True, True, True, False, True, 1, False, True, 1, True, "a"]


def test_delete_of_non_word_prefix():
    ops = [("insert", "abc"), ("delete", "ab"), ("delete", "abcd"), ("contains", "abc"),
           ("count_prefix", "")]
    assert trie_ops(ops) == [True, False, False, True, 1]


def test_empty_string_member():
    ops = [("longest_prefix_of", "xyz"), ("insert", ""), ("contains", ""),
           ("longest_prefix_of", "xyz"), ("count_prefix", ""), ("insert", "x"),
           ("longest_prefix_of", "xyz"), ("delete", ""), ("contains", ""),
           ("count_prefix", ""), ("longest_prefix_of", "q")]
    assert trie_ops(ops) == [None, True, True, "", 1, True, "x", True, False, 1, None]


def test_reinsert_after_delete():
    ops = [("insert", "ab"), ("delete", "ab"), ("count_prefix", "a"), ("insert", "ab"),
           ("count_prefix", "a"), ("insert", "a"), ("count_prefix", "a")]
    assert trie_ops(ops) == [True, True, 0, True, 1, True, 2]


def test_unknown_operation():
    with pytest.raises(ValueError):
        trie_ops([("insert", "a"), ("remove", "a")])


def test_random_against_set():
    rng = random.Random(7)
    kinds = ["insert", "insert", "contains", "count_prefix", "delete", "longest_prefix_of"]
    for _ in range(250):
        ops = []
        for _ in range(rng.randint(1, 30)):
            word = "".join(rng.choice("ab") for _ in range(rng.randint(0, 4)))
            ops.append((rng.choice(kinds), word))
        assert trie_ops(ops) == oracle(ops), ops
