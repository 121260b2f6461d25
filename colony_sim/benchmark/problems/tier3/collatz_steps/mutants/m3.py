# Wrong solution: shortcut (3n+1)/2 counted as one step
def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else (3 * n + 1) // 2
        steps += 1
    return steps
