from solution import pascal_row


def test_rows_by_addition():
    row = [1]
    for n in range(0, 60):
        assert pascal_row(n) == row, n
        row = [1] + [a + b for a, b in zip(row, row[1:])] + [1]


def test_big_row():
    row = pascal_row(200)
    assert len(row) == 201
    assert sum(row) == 2**200
    assert row[100] == max(row)
