# Wrong solution: never picks zero-value items, missing lexicographically smaller choices
def knapsack_choice(items, capacity):
    n = len(items)
    # best[i][w]: best value using items i.. with remaining capacity w
    best = [[0] * (capacity + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        weight, value = items[i]
        row, below = best[i], best[i + 1]
        for w in range(capacity + 1):
            row[w] = below[w]
            if weight <= w and below[w - weight] + value > row[w]:
                row[w] = below[w - weight] + value
    chosen = []
    w = capacity
    target = best[0][capacity]
    for i in range(n):
        if target == 0:
            break
        weight, value = items[i]
        if weight <= w and value > 0 and best[i + 1][w - weight] + value == target:
            chosen.append(i)
            w -= weight
            target -= value
    return best[0][capacity], chosen
