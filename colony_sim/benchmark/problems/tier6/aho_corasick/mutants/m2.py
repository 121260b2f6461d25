# Wrong solution: on a mismatch jumps back to the root instead of following failure links
from collections import deque


def find_all(patterns, text):
    goto = [{}]
    outputs = [[]]
    for index, pattern in enumerate(patterns):
        if not pattern:
            raise ValueError("patterns must be non-empty")
        state = 0
        for ch in pattern:
            nxt = goto[state].get(ch)
            if nxt is None:
                nxt = len(goto)
                goto[state][ch] = nxt
                goto.append({})
                outputs.append([])
            state = nxt
        outputs[state].append(index)

    fail = [0] * len(goto)
    dict_link = [-1] * len(goto)  # nearest proper suffix state that has outputs
    queue = deque(goto[0].values())
    while queue:
        state = queue.popleft()
        for ch, child in goto[state].items():
            f = fail[state]
            while f and ch not in goto[f]:
                f = fail[f]
            fail[child] = goto[f][ch] if ch in goto[f] and goto[f][ch] != child else 0
            target = fail[child]
            dict_link[child] = target if outputs[target] else dict_link[target]
            queue.append(child)

    found = []
    state = 0
    for pos, ch in enumerate(text):
        if ch not in goto[state]:
            state = 0
        state = goto[state].get(ch, 0)
        hit = state
        while hit > 0:
            for index in outputs[hit]:
                found.append((pos - len(patterns[index]) + 1, index))
            hit = dict_link[hit]
    found.sort()
    return found
