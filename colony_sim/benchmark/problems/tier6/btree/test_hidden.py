import random

import pytest

from solution import btree_ops


def check_tree(tree, t, expected_keys):
    """Validate B-tree invariants of a dump; return nothing, assert on failure."""
    leaf_depths = set()
    collected = []

    def walk(node, depth, lo, hi, is_root):
        keys, children = node
        assert isinstance(keys, list) and isinstance(children, list)
        assert all(a < b for a, b in zip(keys, keys[1:])), keys
        assert all((lo is None or k > lo) and (hi is None or k < hi) for k in keys), (keys, lo, hi)
        assert len(keys) <= 2 * t - 1, keys
        if not is_root:
            assert len(keys) >= t - 1, keys
        if children:
            assert len(children) == len(keys) + 1
            bounds = [lo] + keys + [hi]
            for i, child in enumerate(children):
                walk(child, depth + 1, bounds[i], bounds[i + 1], False)
                if i < len(keys):
                    collected.append(keys[i])
        else:
            leaf_depths.add(depth)
            collected.extend(keys)

    walk(tree, 0, None, None, True)
    assert len(leaf_depths) == 1
    if expected_keys:
        assert tree[0], "non-empty tree with an empty root"
    else:
        assert tree == ([], [])
    assert collected == sorted(expected_keys)


def run_and_check(t, ops):
    results = btree_ops(t, ops)
    assert len(results) == len(ops)
    keys = set()
    for op, result in zip(ops, results):
        if op[0] == "insert":
            assert result is (op[1] not in keys), op
            keys.add(op[1])
        elif op[0] == "delete":
            assert result is (op[1] in keys), op
            keys.discard(op[1])
        elif op[0] == "search":
            assert result is (op[1] in keys), op
        else:
            check_tree(result, t, keys)


def test_example_shapes():
    out = btree_ops(2, [("insert", 1), ("insert", 2), ("insert", 3), ("insert", 4), ("dump",)])
    assert out[:4] == [True, True, True, True]
    check_tree(out[4], 2, {1, 2, 3, 4})
    assert btree_ops(2, [("insert", 5), ("delete", 5), ("delete", 5), ("dump",)]) == [True, True, False, ([], [])]
    assert btree_ops(3, [("dump",), ("search", 1)]) == [([], []), False]


def test_sequential_insert_then_delete_all():
    for t in (2, 3, 5):
        n = 70
        ops = [("insert", i) for i in range(n)] + [("dump",)]
        ops += [op for i in range(n) for op in (("delete", i), ("dump",))]
        run_and_check(t, ops)


def test_reverse_and_middle_out_deletes():
    for t in (2, 3):
        keys = list(range(90))
        ops = [("insert", k) for k in reversed(keys)] + [("dump",)]
        order = sorted(keys, key=lambda k: abs(k - 45))
        for k in order:
            ops += [("delete", k), ("search", k), ("dump",)]
        run_and_check(t, ops)


def test_random_workloads():
    rng = random.Random(606)
    for _ in range(60):
        t = rng.choice([2, 2, 3, 4])
        ops = []
        for _ in range(rng.randint(20, 150)):
            r = rng.random()
            key = rng.randint(0, 60)
            if r < 0.45:
                ops.append(("insert", key))
            elif r < 0.8:
                ops.append(("delete", key))
            elif r < 0.9:
                ops.append(("search", key))
            else:
                ops.append(("dump",))
        ops.append(("dump",))
        run_and_check(t, ops)


def test_string_keys():
    words = "the quick brown fox jumps over the lazy dog again and again".split()
    ops = [("insert", w) for w in words] + [("dump",), ("delete", "fox"), ("delete", "cat"), ("dump",)]
    run_and_check(2, ops)


def test_bad_degree_and_op():
    with pytest.raises(ValueError):
        btree_ops(1, [])
    with pytest.raises(ValueError):
        btree_ops(2, [("insert", 1), ("pop",)])


def test_large_is_fast():
    rng = random.Random(1)
    keys = rng.sample(range(100000), 4000)
    ops = [("insert", k) for k in keys] + [("delete", k) for k in keys[::2]] + [("dump",)]
    out = btree_ops(3, ops)
    check_tree(out[-1], 3, set(keys[1::2]))
