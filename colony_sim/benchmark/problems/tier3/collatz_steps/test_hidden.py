from solution import collatz_steps

KNOWN = {1: 0, 2: 1, 3: 7, 6: 8, 7: 16, 9: 19, 27: 111, 97: 118, 871: 178, 6171: 261,
         77031: 350, 837799: 524}


def test_known_records():
    for n, steps in KNOWN.items():
        assert collatz_steps(n) == steps, n


def test_recurrence_up_to_3000():
    for n in range(2, 3000):
        nxt = n // 2 if n % 2 == 0 else 3 * n + 1
        assert collatz_steps(n) == collatz_steps(nxt) + 1, n


def test_powers_of_two():
    for k in range(0, 64):
        assert collatz_steps(2**k) == k
