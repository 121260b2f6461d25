import random
from collections import deque

import pytest

from solution import ring_buffer_ops


def oracle(capacity, ops):
    buf = deque(maxlen=capacity)
    out = []
    for op in ops:
        if op[0] == "push":
            buf.append(op[1])
        elif op[0] == "pop":
            out.append(buf.popleft() if buf else None)
        elif op[0] == "peek":
            out.append(buf[0] if buf else None)
        elif op[0] == "len":
            out.append(len(buf))
        else:
            out.append(list(buf))
    return out


def test_overwrite_oldest():
    ops = [("push", i) for i in range(5)] + [("items",), ("len",), ("pop",), ("items",)]
    assert ring_buffer_ops(3, ops) == [[2, 3, 4], 3, 2, [3, 4]]


def test_empty_behaviour_after_drain():
    ops = [("push", 7), ("push", 8), ("pop",), ("pop",), ("pop",), ("peek",), ("len",), ("items",)]
    assert ring_buffer_ops(2, ops) == [7, 8, None, None, 0, []]


def test_capacity_one():
    ops = [("push", "a"), ("push", "b"), ("peek",), ("items",), ("pop",), ("peek",)]
    assert ring_buffer_ops(1, ops) == ["b", ["b"], "b", None]


def test_wraparound_many_times():
    ops = []
    for i in range(10):
        ops += [("push", i), ("push", i + 100), ("pop",), ("items",)]
    assert ring_buffer_ops(3, ops) == oracle(3, ops)


def test_items_is_a_copy():
    out = ring_buffer_ops(2, [("push", 1), ("items",), ("push", 2), ("items",)])
    assert out == [[1], [1, 2]]


@pytest.mark.parametrize("capacity", [0, -1])
def test_bad_capacity(capacity):
    with pytest.raises(ValueError):
        ring_buffer_ops(capacity, [])


def test_unknown_operation():
    with pytest.raises(ValueError):
        ring_buffer_ops(2, [("push", 1), ("shift",)])


def test_random_against_model():
    rng = random.Random(1234)
    names = ["push", "push", "pop", "peek", "len", "items"]
    for _ in range(300):
        capacity = rng.randint(1, 5)
        ops = []
        for _ in range(rng.randint(0, 25)):
            name = rng.choice(names)
            ops.append((name, rng.randint(0, 9)) if name == "push" else (name,))
        assert ring_buffer_ops(capacity, ops) == oracle(capacity, ops), (capacity, ops)
