"""Each safety layer blocks the case it exists for and allows its legitimate neighbour."""

import pytest

from colony_sim.errors import ColonyError
from colony_sim.safety import approval, commit_gate, destruction, guard, repair, validation
from colony_sim.safety.destruction import Change
from colony_sim.safety.validation import Context, PlanStep

HOUR = 3600.0


# -- (1) protected files ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "colony_sim/safety/guard.py",
        "./colony_sim/config.py",
        "/colony_sim/errors.py",
        "colony_sim\\safety\\repair.py",
        "sub/pkg/pyproject.toml",
        "src/../colony_sim/config.py",
        ".github/workflows/ci.yml",
        "live/chain/PathUSD.vy",
    ],
)
def test_protected_paths_are_refused(path):
    assert guard.is_protected(path)


@pytest.mark.parametrize(
    "path", ["src/app.py", "colony_sim/safety_notes.md", "colony_sim/configs/x.yaml", "uv.lock"]
)
def test_neighbouring_paths_are_allowed(path):
    assert not guard.is_protected(path)


def test_paths_are_normalised():
    assert guard.normalise(".//src\\app.py") == "src/app.py"


# -- (2) plan validation --------------------------------------------------------------

R, E, C, M = (
    PlanStep("read_file", "src/app.py"),
    PlanStep("edit_code", "src/app.py"),
    PlanStep("check"),
    PlanStep("commit"),
)


def rules(plan, **ctx):
    return {f.rule: f.hard for f in validation.validate(plan, Context(**ctx))}


def test_careful_plan_is_clean():
    assert rules([R, E, C, M]) == {}


def test_read_before_write_is_hard_and_fixable():
    found = validation.validate([E, C, M], Context())
    assert validation.rejected(found)
    assert validation.fixes([E, C, M], found) == [("edit_code", "read_file")]
    other = PlanStep("read_file", "src/other.py")
    assert "read-before-write" in rules([other, E, C, M])


def test_check_before_commit_is_soft():
    assert rules([R, E, M]) == {"check-before-commit": False}


def test_protected_target_is_rejected():
    bad = PlanStep("edit_code", "colony_sim/safety/guard.py")
    read = PlanStep("read_file", "colony_sim/safety/guard.py")
    assert rules([read, bad, C, M]) == {"protected-file": True}


def test_empty_plan_and_bad_slug_and_coding_disabled_are_hard():
    assert rules([]) == {"non-empty": True}
    assert rules([PlanStep("create_cartridge", slug="a b;rm")])["slug-sanitization"]
    assert rules([PlanStep("create_cartridge", slug="a00001-c3")]) == {"investigate-first": False}
    assert rules([R, E, C, M], coding_enabled=False)["coding-disabled"]


def test_soft_rules():
    assert rules([R, E, C, M], awaiting_benchmark=True) == {"commit-gate": False}
    assert rules([R, E, C, M], failure_chains=5) == {"failure-chain-saturated": False}
    assert rules([R, E, C, M], capability={"check": (10, 1)}) == {"low-capability": False}
    assert rules([R, E, C, M], capability={"check": (10, 2)}) == {}
    failed = frozenset({"read_file", "edit_code", "check", "commit"})
    assert rules([R, E, C, M], recent_failures=(failed,)) == {"no-retry-same-approach": False}
    assert rules([R, E, C, M], lessons=(("commit", "read_file"),)) == {}
    assert rules([R, E, C, M], lessons=(("edit_code", "check"),)) == {"durable-rule": False}
    low = rules([R, E, C, M], predicted=(0.9, 0.9, 0.9, 0.05))
    assert low == {"brain-gating": False}


def test_reads_only_escalates_to_hard_after_trivial_completions():
    reads = [R, R, R, R]
    assert rules(reads) == {"has-action": False, "not-just-reads": False}
    assert rules(reads, trivial_completions=5)["not-just-reads"] is True
    assert rules([R, R]) == {"has-action": False}


def test_every_documented_rule_exists():
    assert len(validation.RULES) >= 12
    for rule in validation.RULES:
        assert rule in validation.__doc__


# -- (3) self-repair ------------------------------------------------------------------


def test_diverged_brain_is_detected_but_a_learning_one_is_not():
    assert repair.brain_diverged(0.5, steps=500)
    assert not repair.brain_diverged(0.2, steps=500)
    assert not repair.brain_diverged(0.5, steps=10)


def test_trail_convergence():
    def passive(edge):
        return all(k == 0 for k in edge[1])

    assert repair.trails_converged(
        {("a", (0,)): 5.0, ("a", (0, 0)): 4.0, ("b", (0, 0, 0)): 3.0, ("c", (1,)): 1.0}, passive
    )
    assert repair.trails_converged(
        {("a", (1,)): 100.0, ("a", (2,)): 1.0, ("b", (3,)): 1.0}, passive
    )
    assert not repair.trails_converged(
        {("a", (1,)): 5.0, ("a", (0,)): 4.0, ("b", (3,)): 3.0}, passive
    )


def test_poisoned_rules_are_found_and_supported_ones_kept():
    table = {(3, 2, True): (8.0, 10.0), (3, 2, False): (2.0, 10.0)}  # check makes it worse
    table.update({(3, 1, True): (1.0, 10.0), (3, 1, False): (6.0, 10.0)})  # read helps

    def rate(kind, before, present):
        return table.get((kind, before, present), (0.0, 0.0))

    assert repair.poisoned_rules([(3, 2), (3, 1), (5, 4)], rate) == [(3, 2)]


# -- destruction guard ----------------------------------------------------------------


def test_a_lobotomy_in_30_small_deletions_is_blocked():
    lines, history, blocked = 400, [], None
    for i in range(30):
        change = Change(i * 1800.0, "src/app.py", 0, 12, lines)  # 3 % each, 15 h in all
        reason = destruction.refusal(history, change)
        if reason:
            blocked = i
            break
        history.append(change)
        lines -= 12
    assert blocked is not None and blocked < 30
    assert 400 - lines <= 0.7 * 400


def test_the_same_deletions_spread_beyond_the_window_are_allowed():
    lines, history = 400, []
    for i in range(30):
        change = Change(i * 4 * HOUR, "src/app.py", 0, 12, lines)  # 120 h in all
        assert destruction.refusal(history, change) is None
        history.append(change)
        lines -= 12


def test_ordinary_edits_never_accumulate():
    lines, history = 400, []
    for i in range(200):
        change = Change(i * 60.0, "src/app.py", 8, 6, lines)
        assert destruction.refusal(history, change) is None
        history.append(change)
        lines += 2


def test_one_big_deletion_is_blocked_per_commit():
    assert destruction.refusal([], Change(0.0, "a.py", 0, 300, 400))
    assert destruction.refusal([], Change(0.0, "a.py", 0, 15, 20)) is None  # below min_lines


# -- benchmark commit gate ------------------------------------------------------------


def test_commit_gate_waits_for_the_benchmark_of_the_last_commit():
    s = commit_gate.GateState()
    ok, s = commit_gate.may_commit(s, 0.0)
    assert ok
    s = commit_gate.on_benchmark(s, 10.0, 110.0)
    s = commit_gate.on_commit(s, 100.0)
    ok, s = commit_gate.may_commit(s, 200.0)
    assert not ok and s.status == commit_gate.AWAITING
    s = commit_gate.on_benchmark(s, 300.0, 114.0)
    assert s.status == commit_gate.READY and s.delta == pytest.approx(4.0)
    ok, s = commit_gate.may_commit(s, 310.0)
    assert ok


def test_commit_gate_safety_valve():
    s = commit_gate.on_commit(commit_gate.GateState(), 0.0)
    assert not commit_gate.may_commit(s, 1000.0)[0]
    assert commit_gate.may_commit(s, 1801.0)[0]


# -- branch isolation -----------------------------------------------------------------


def test_branch_isolation():
    assert guard.branch_refusal("main", "a00001")
    assert guard.branch_refusal("vm/a00000", "a00001")
    assert guard.branch_refusal("vm/a00001", "a00001") is None


# -- human gate -----------------------------------------------------------------------


def test_approval_queue():
    q = approval.ApprovalQueue()
    a = q.submit("a00001", "deploy", "a00001-c3", 0.0)
    b = q.submit("a00001", "deploy", "a00001-c4", 1.0)
    assert [r.request_id for r in q.pending()] == [a, b]
    with pytest.raises(ColonyError, match="reason"):
        q.reject(a, "  ", 2.0)
    assert q.reject(a, "the tests fail", 2.0).reason == "the tests fail"
    assert q.approve(b, 3.0).status == approval.APPROVED
    assert q.status(a) == approval.REJECTED and not q.pending()
    with pytest.raises(ColonyError, match="already"):
        q.approve(a, 4.0)
