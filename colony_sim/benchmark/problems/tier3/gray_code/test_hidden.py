from solution import gray_code


def test_small_values():
    assert [gray_code(n) for n in range(16)] == [0, 1, 3, 2, 6, 7, 5, 4, 12, 13, 15, 14, 10, 11, 9, 8]


def test_adjacent_codes_differ_in_one_bit_and_are_a_permutation():
    codes = [gray_code(n) for n in range(1 << 12)]
    assert sorted(codes) == list(range(1 << 12))
    for a, b in zip(codes, codes[1:]):
        assert bin(a ^ b).count("1") == 1


def test_large_values():
    assert gray_code(2**40) == 2**40 + 2**39
    assert gray_code(12345678901234) == 12345678901234 ^ (12345678901234 // 2)
