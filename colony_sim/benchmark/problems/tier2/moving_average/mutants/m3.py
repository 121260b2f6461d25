# Wrong solution: treats a window equal to the length as too large
def moving_average(values, window):
    if window < 1:
        raise ValueError("window must be at least 1")
    if window >= len(values):
        return []
    total = sum(values[:window])
    out = [total / window]
    for i in range(window, len(values)):
        total += values[i] - values[i - window]
        out.append(total / window)
    return out
