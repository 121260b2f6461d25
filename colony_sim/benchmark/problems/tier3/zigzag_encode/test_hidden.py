from solution import zigzag_encode


def test_bijection_on_window():
    seen = {}
    for n in range(-5000, 5001):
        code = zigzag_encode(n)
        assert code >= 0
        assert code not in seen
        seen[code] = n
    assert sorted(seen) == list(range(10001))


def test_interleaving():
    for n in range(0, 2000):
        assert zigzag_encode(n) == 2 * n
        assert zigzag_encode(-n - 1) == 2 * n + 1


def test_huge():
    assert zigzag_encode(2**63 - 1) == 2**64 - 2
    assert zigzag_encode(-(2**63)) == 2**64 - 1
    assert zigzag_encode(-(10**30)) == 2 * 10**30 - 1
