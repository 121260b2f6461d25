def raft_node(events):
    term = 0
    voted_for = None
    log = []
    commit = 0
    out = []
    for event in events:
        kind = event[0]
        if kind == "request_vote":
            _, cand_term, candidate, last_index, last_term = event
            if cand_term > term:
                term, voted_for = cand_term, None
            granted = False
            if cand_term == term and voted_for in (None, candidate):
                my_last_term = log[-1][0] if log else 0
                if last_term > my_last_term or (last_term == my_last_term and last_index >= len(log)):
                    granted = True
                    voted_for = candidate
            out.append((term, granted))
        elif kind == "append_entries":
            _, leader_term, _leader, prev_index, prev_term, entries, leader_commit = event
            if leader_term > term:
                term, voted_for = leader_term, None
            if leader_term < term:
                out.append((term, False))
                continue
            if prev_index > len(log) or (prev_index > 0 and log[prev_index - 1][0] != prev_term):
                out.append((term, False))
                continue
            for offset, entry in enumerate(entries):
                position = prev_index + offset
                if position < len(log):
                    if log[position][0] == entry[0]:
                        continue
                    del log[position:]
                log.append(tuple(entry))
            if leader_commit > commit:
                commit = max(commit, min(leader_commit, prev_index + len(entries)))
            out.append((term, True))
        elif kind == "state":
            out.append((term, voted_for, list(log), commit))
        else:
            raise ValueError(f"unknown event {kind!r}")
    return out
