# Wrong solution: counts the starting value as a step
def collatz_steps(n):
    steps = 1 if n != 1 else 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
