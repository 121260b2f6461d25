def token_bucket(capacity, rate, requests):
    tokens = capacity
    last = 0
    out = []
    for time, cost in requests:
        if time < last:
            raise ValueError("request times must be non-decreasing and non-negative")
        tokens = tokens + (time - last) * rate
        last = time
        if cost <= tokens:
            tokens -= cost
            out.append(True)
        else:
            out.append(False)
    return out
