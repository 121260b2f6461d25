import random

import pytest

from solution import lru_ops


def oracle(capacity, ops):
    order = []  # least recent first
    data = {}
    out = []
    for op in ops:
        if op[0] in ("get", "peek"):
            if op[1] not in data:
                out.append(None)
                continue
            if op[0] == "get":
                order.remove(op[1])
                order.append(op[1])
            out.append(data[op[1]])
        elif op[0] == "put":
            evicted = None
            if op[1] in data:
                order.remove(op[1])
            elif len(data) == capacity:
                evicted = order.pop(0)
                del data[evicted]
            data[op[1]] = op[2]
            order.append(op[1])
            out.append(evicted)
        else:
            out.append(list(order))
    return out


def test_get_refreshes_recency():
    ops = [("put", 1, "x"), ("put", 2, "y"), ("get", 1), ("put", 3, "z"), ("get", 2), ("keys",)]
    assert lru_ops(2, ops) == [None, None, "x", 2, None, [1, 3]]


def test_peek_does_not_refresh():
    ops = [("put", 1, "x"), ("put", 2, "y"), ("peek", 1), ("put", 3, "z"), ("peek", 1), ("keys",)]
    assert lru_ops(2, ops) == [None, None, "x", 1, None, [2, 3]]


def test_update_existing_never_evicts():
    ops = [("put", "a", 1), ("put", "b", 2), ("put", "a", 10), ("keys",), ("put", "c", 3),
           ("get", "a"), ("get", "b"), ("keys",)]
    assert lru_ops(2, ops) == [None, None, None, ["b", "a"], "b", 10, None, ["c", "a"]]


def test_capacity_one():
    ops = [("put", 1, 1), ("put", 2, 2), ("get", 1), ("get", 2), ("put", 2, 5), ("get", 2)]
    assert lru_ops(1, ops) == [None, 1, None, 2, None, 5]


def test_falsy_values_are_hits():
    ops = [("put", "k", 0), ("get", "k"), ("put", "n", None), ("keys",)]
    assert lru_ops(3, ops) == [None, 0, None, ["k", "n"]]


@pytest.mark.parametrize("capacity", [0, -3])
def test_bad_capacity(capacity):
    with pytest.raises(ValueError):
        lru_ops(capacity, [])


def test_unknown_operation():
    with pytest.raises(ValueError):
        lru_ops(2, [("delete", 1)])


def test_random_against_model():
    rng = random.Random(2024)
    for _ in range(300):
        capacity = rng.randint(1, 4)
        ops = []
        for _ in range(rng.randint(1, 30)):
            kind = rng.choice(["get", "put", "put", "peek", "keys"])
            key = rng.randint(0, 5)
            ops.append((kind, key, rng.randint(0, 99)) if kind == "put"
                       else (kind,) if kind == "keys" else (kind, key))
        assert lru_ops(capacity, ops) == oracle(capacity, ops), (capacity, ops)
