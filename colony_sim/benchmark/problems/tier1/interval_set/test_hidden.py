import random

import pytest

from solution import interval_set_ops


def oracle(ops):
    members = set()
    out = []
    for op in ops:
        if op[0] == "add":
            members.update(range(op[1], op[2]))
        elif op[0] == "remove":
            members.difference_update(range(op[1], op[2]))
        elif op[0] == "contains":
            out.append(op[1] in members)
        elif op[0] == "total":
            out.append(len(members))
        else:
            runs = []
            for x in sorted(members):
                if runs and runs[-1][1] == x:
                    runs[-1][1] = x + 1
                else:
                    runs.append([x, x + 1])
            out.append([tuple(r) for r in runs])
    return out


def test_touching_intervals_merge():
    ops = [("add", 5, 7), ("add", 1, 3), ("add", 3, 5), ("intervals",)]
    assert interval_set_ops(ops) == [[(1, 7)]]


def test_insert_between_and_bridge():
    ops = [("add", 0, 2), ("add", 10, 12), ("add", 5, 6), ("intervals",),
           ("add", 1, 11), ("intervals",), ("total",)]
    assert interval_set_ops(ops) == [[(0, 2), (5, 6), (10, 12)], [(0, 12)], 12]


def test_remove_splits_and_trims():
    ops = [("add", 0, 10), ("remove", 3, 5), ("intervals",), ("remove", -5, 1), ("remove", 9, 20),
           ("intervals",), ("contains", 3), ("contains", 5), ("contains", 2), ("contains", 9)]
    assert interval_set_ops(ops) == [[(0, 3), (5, 10)], [(1, 3), (5, 9)], False, True, True, False]


def test_empty_ranges_are_noops():
    ops = [("add", 4, 4), ("add", 6, 2), ("intervals",), ("add", 0, 3), ("remove", 2, 1),
           ("remove", 1, 1), ("intervals",)]
    assert interval_set_ops(ops) == [[], [(0, 3)]]


def test_half_open_boundaries():
    ops = [("add", -3, 2), ("contains", -3), ("contains", 2), ("contains", 1), ("contains", -4),
           ("total",)]
    assert interval_set_ops(ops) == [True, False, True, False, 5]


def test_add_after_last_and_before_first():
    ops = [("add", 10, 12), ("add", 20, 21), ("add", 0, 1), ("intervals",), ("add", 12, 20), ("intervals",)]
    assert interval_set_ops(ops) == [[(0, 1), (10, 12), (20, 21)], [(0, 1), (10, 21)]]


def test_unknown_operation():
    with pytest.raises(ValueError):
        interval_set_ops([("union", 1, 2)])


def test_random_against_set_model():
    rng = random.Random(31337)
    for _ in range(300):
        ops = []
        for _ in range(rng.randint(1, 20)):
            kind = rng.choice(["add", "add", "remove", "contains", "intervals", "total"])
            if kind in ("add", "remove"):
                ops.append((kind, rng.randint(-5, 15), rng.randint(-5, 15)))
            elif kind == "contains":
                ops.append((kind, rng.randint(-6, 16)))
            else:
                ops.append((kind,))
        assert interval_set_ops(ops) == oracle(ops), ops
