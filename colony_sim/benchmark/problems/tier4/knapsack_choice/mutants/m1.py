# Wrong solution: greedy by value density
def knapsack_choice(items, capacity):
    order = sorted(range(len(items)), key=lambda i: -items[i][1] / max(items[i][0], 1e-9))
    total, chosen, left = 0, [], capacity
    for i in order:
        if items[i][0] <= left:
            chosen.append(i)
            left -= items[i][0]
            total += items[i][1]
    return total, sorted(chosen)
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
        if weight <= w and best[i + 1][w - weight] + value == target:
            chosen.append(i)
            w -= weight
            target -= value
    return best[0][capacity], chosen
