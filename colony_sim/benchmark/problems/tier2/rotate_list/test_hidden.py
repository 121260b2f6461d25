import pytest

from solution import rotate_list


def oracle(items, k):
    n = len(items)
    out = [None] * n
    for i, x in enumerate(items):
        out[(i + k) % n] = x
    return out


@pytest.mark.parametrize("k", list(range(-12, 13)) + [100, -101, 10**12 + 3])
def test_all_shifts(k):
    items = list("abcde")
    assert rotate_list(items, k) == oracle(items, k)


def test_empty_and_single():
    assert rotate_list([], 3) == []
    assert rotate_list([], 0) == []
    assert rotate_list([7], -4) == [7]


def test_new_list_input_untouched():
    data = [1, 2, 3]
    out = rotate_list(data, 3)
    assert out == [1, 2, 3] and out is not data
    out.append(4)
    assert data == [1, 2, 3]
    assert rotate_list(data, 0) is not data
