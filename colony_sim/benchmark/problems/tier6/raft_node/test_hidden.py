import random

import pytest

from solution import raft_node


class Model:
    """Independent model of the specification, used as an oracle."""

    def __init__(self):
        self.term, self.vote, self.log, self.commit = 0, None, {}, 0

    def last(self):
        n = len(self.log)
        return n, (self.log[n][0] if n else 0)

    def bump(self, term):
        if term > self.term:
            self.term, self.vote = term, None

    def request_vote(self, term, cand, li, lt):
        self.bump(term)
        n, my_t = self.last()
        ok = term == self.term and self.vote in (None, cand) and (lt, li) >= (my_t, n)
        if ok:
            self.vote = cand
        return (self.term, ok)

    def append(self, term, _leader, pi, pt, entries, lc):
        self.bump(term)
        if term < self.term:
            return (self.term, False)
        if pi > len(self.log) or (pi and self.log[pi][0] != pt):
            return (self.term, False)
        for k, entry in enumerate(entries, start=pi + 1):
            if k in self.log and self.log[k][0] != entry[0]:
                for j in range(k, len(self.log) + 1):
                    del self.log[j]
            if k not in self.log:
                self.log[k] = tuple(entry)
        if lc > self.commit:
            self.commit = max(self.commit, min(lc, pi + len(entries)))
        return (self.term, True)

    def state(self):
        return (self.term, self.vote, [self.log[i] for i in range(1, len(self.log) + 1)], self.commit)


def run_model(events):
    m = Model()
    out = []
    for e in events:
        if e[0] == "request_vote":
            out.append(m.request_vote(*e[1:]))
        elif e[0] == "append_entries":
            out.append(m.append(*e[1:]))
        else:
            out.append(m.state())
    return out


def test_one_vote_per_term():
    events = [("request_vote", 1, "a", 0, 0), ("request_vote", 1, "b", 0, 0),
              ("request_vote", 1, "a", 0, 0), ("request_vote", 2, "b", 0, 0), ("state",)]
    assert raft_node(events) == [(1, True), (1, False), (1, True), (2, True), (2, "b", [], 0)]


def test_stale_term_rejected():
    events = [("append_entries", 3, "L", 0, 0, [], 0), ("request_vote", 2, "c", 9, 9),
              ("append_entries", 2, "M", 0, 0, [(2, "x")], 0), ("state",)]
    assert raft_node(events) == [(3, True), (3, False), (3, False), (3, None, [], 0)]


def test_up_to_date_check():
    base = [("append_entries", 2, "L", 0, 0, [(1, "a"), (2, "b")], 0)]
    # higher last term wins even with a shorter log
    assert raft_node(base + [("request_vote", 3, "c", 1, 3)])[-1] == (3, True)
    # same last term needs index >= ours
    assert raft_node(base + [("request_vote", 3, "c", 1, 2)])[-1] == (3, False)
    assert raft_node(base + [("request_vote", 3, "c", 2, 2)])[-1] == (3, True)
    # lower last term loses even with a longer log
    assert raft_node(base + [("request_vote", 3, "c", 9, 1)])[-1] == (3, False)
    # a higher term resets voted_for even if the vote is then refused
    events = base + [("request_vote", 2, "L", 2, 2), ("request_vote", 4, "z", 0, 0), ("state",)]
    assert raft_node(events)[-2:] == [(4, False), (4, None, [(1, "a"), (2, "b")], 0)]


def test_log_consistency_and_conflicts():
    events = [
        ("append_entries", 1, "L", 0, 0, [(1, "a"), (1, "b"), (1, "c")], 0),
        ("append_entries", 1, "L", 4, 1, [(1, "z")], 0),          # gap: reject
        ("append_entries", 1, "L", 2, 2, [(1, "z")], 0),          # term mismatch: reject
        ("state",),
        ("append_entries", 2, "M", 1, 1, [(2, "x")], 0),          # conflict at 2: truncate
        ("state",),
    ]
    assert raft_node(events) == [
        (1, True), (1, False), (1, False), (1, None, [(1, "a"), (1, "b"), (1, "c")], 0),
        (2, True), (2, None, [(1, "a"), (2, "x")], 0)]


def test_duplicate_and_reordered_appends_do_not_truncate():
    events = [
        ("append_entries", 1, "L", 0, 0, [(1, "a"), (1, "b"), (1, "c")], 0),
        ("append_entries", 1, "L", 0, 0, [(1, "a")], 0),
        ("append_entries", 1, "L", 1, 1, [(1, "b")], 0),
        ("state",),
    ]
    assert raft_node(events)[-1] == (1, None, [(1, "a"), (1, "b"), (1, "c")], 0)


def test_commit_index_rules():
    events = [
        ("append_entries", 1, "L", 0, 0, [(1, "a"), (1, "b"), (1, "c")], 2),
        ("state",),
        ("append_entries", 1, "L", 1, 1, [], 10),    # last new entry is index 1: commit stays 2
        ("state",),
        ("append_entries", 1, "L", 2, 1, [(1, "b")], 10),
        ("state",),
        ("append_entries", 1, "L", 3, 1, [], 3),
        ("state",),
        ("append_entries", 1, "L", 0, 0, [], 1),     # never decreases
        ("state",),
    ]
    states = [r[3] for r in raft_node(events) if len(r) == 4]
    assert states == [2, 2, 3, 3, 3]


def test_unknown_event():
    with pytest.raises(ValueError):
        raft_node([("heartbeat",)])


def test_random_against_model():
    rng = random.Random(4242)
    for _ in range(400):
        events = []
        for _ in range(rng.randint(1, 14)):
            r = rng.random()
            if r < 0.3:
                events.append(("request_vote", rng.randint(0, 4), rng.choice("abc"),
                               rng.randint(0, 4), rng.randint(0, 4)))
            elif r < 0.85:
                entries = [(rng.randint(1, 4), rng.choice("xyz")) for _ in range(rng.randint(0, 3))]
                entries.sort()
                events.append(("append_entries", rng.randint(0, 4), "L", rng.randint(0, 4),
                               rng.randint(0, 4), entries, rng.randint(0, 6)))
            else:
                events.append(("state",))
        events.append(("state",))
        assert raft_node(events) == run_model(events), events
