# Wrong solution: requires strictly more tokens than the cost
def token_bucket(capacity, rate, requests):
    tokens = capacity
    last = 0
    out = []
    for time, cost in requests:
        if time < last:
            raise ValueError("request times must be non-decreasing and non-negative")
        tokens = min(capacity, tokens + (time - last) * rate)
        last = time
        if cost < tokens:
            tokens -= cost
            out.append(True)
        else:
            out.append(False)
    return out
