"""Simulated workspace: a code base whose quality moves with good and bad commits."""

from __future__ import annotations

from colony_sim.ports import Outcome, Pending
from colony_sim.safety.guard import is_protected
from colony_sim.sim.body import KIND, SIM_TREE, SimBody

QUALITY_GAIN = 0.05
QUALITY_LOSS = 0.08
QUALITY_MIN, QUALITY_MAX = 0.1, 3.0
NOISE = 0.05
"""Chance that a check or a commit reports the opposite of the change's true goodness."""
SLIP = 0.03
"""Chance that an edit spills into a protected file (the agent's own safety code)."""
LOBOTOMY_LOSS = 0.5
"""Quality lost by a commit that leaves a file below 30 % of its birth size."""
PROTECTED_LOSS = 0.3
"""Quality lost by a commit that changes a protected file (the runtime breaks)."""

_READ, _EDIT, _CHECK, _COMMIT = KIND["read_file"], KIND["edit_code"], KIND["check"], KIND["commit"]


class SimWorkspace:
    """Workspace port over a :class:`SimBody`.

    An edit produces a change that is good with probability
    ``sigmoid(skill_edit + 1.5·read_first − 0.75)``; checks and commits reveal that
    goodness (with 5% noise). A good commit raises quality, a bad one lowers it.

    Every change has a size on the synthetic file tree (``body.files``): a good change
    adds 2–9 lines and deletes 0–5; a bad one deletes 8 % of the file plus 0–3 lines
    and adds 0–2 (a regression that rips code out). With probability 3 % an edit spills
    into a protected file. Committing a change that leaves a file below 30 % of its birth
    size (a lobotomy) or that touches a protected file costs quality. The change's
    ``(path, added, deleted, file_lines)`` is the edit's ``Outcome.value``, so the
    safety layers can check it before the commit.
    """

    def __init__(self, body: SimBody) -> None:
        self.body = body

    def read(self, path: str) -> Outcome:
        """Read a file; reading before editing makes good changes likelier."""
        b = self.body
        ok = b.chance(3.0 + b.skill[_READ])
        if ok:
            b.has_read = True
        return Outcome(ok, None if ok else "file_not_found", b.duration(_READ))

    def edit(self, path: str) -> Outcome:
        """Apply a change of hidden goodness."""
        b = self.body
        ok = b.chance(2.0 + b.skill[_EDIT])
        change = None
        if ok:
            b.pending = b.chance(b.skill[_EDIT] + (1.5 if b.has_read else 0.0) - 0.75)
            target = path if b.uniform() >= SLIP else "colony_sim/safety/guard.py"
            lines = b.files.get(target, 0)
            u, v = b.uniform(), b.uniform()
            if b.pending:
                added, deleted = 2 + int(8 * u), min(lines, int(6 * v))
            else:
                added, deleted = int(3 * u), min(lines, int(0.08 * lines) + int(4 * v))
            change = b.change = (target, added, deleted, lines)
            b.checked, b.blind = False, not b.has_read
        b.has_read = False
        return Outcome(ok, None if ok else "compile_error", b.duration(_EDIT), change)

    def check(self) -> Outcome:
        """Build and test the pending change."""
        b = self.body
        if b.pending is None:
            return Outcome(False, "file_not_found", b.duration(_CHECK))
        ok = b.pending != (b.uniform() < NOISE)
        b.checked = ok
        return Outcome(ok, None if ok else "test_failure", b.duration(_CHECK))

    def commit(self, message: str, branch: str = "") -> Outcome:
        """Commit the pending change (on ``branch``); a bad change regresses quality."""
        b = self.body
        if b.pending is None:
            return Outcome(False, "git_error", b.duration(_COMMIT))
        ok = b.pending != (b.uniform() < NOISE)
        if b.pending:
            b.quality = min(QUALITY_MAX, b.quality + QUALITY_GAIN)
        else:
            b.quality = max(QUALITY_MIN, b.quality - QUALITY_LOSS)
            b.bad_commits += 1
        b.blind_commits += b.blind
        if b.change is not None:
            path, added, deleted, _ = b.change
            before = b.files.get(path, 0)
            after = b.files[path] = max(1, before + added - deleted)
            floor = 0.3 * SIM_TREE.get(path, before)
            if deleted > added and after < floor <= before:
                b.lobotomies += 1
                b.quality = max(QUALITY_MIN, b.quality - LOBOTOMY_LOSS)
            if is_protected(path):
                b.protected_writes += 1
                b.quality = max(QUALITY_MIN, b.quality - PROTECTED_LOSS)
        b.pending, b.change, b.checked, b.blind = None, None, False, False
        return Outcome(ok, None if ok else "test_failure", b.duration(_COMMIT), branch)

    def revert(self) -> None:
        """Throw the pending change away (a safety layer refused it)."""
        b = self.body
        b.pending, b.change, b.checked, b.blind = None, None, False, False

    def pending(self) -> Pending | None:
        """The uncommitted change (``None`` before an edit and after a commit or revert)."""
        b = self.body
        if b.pending is None:
            return None
        path, added, deleted, lines = b.change if b.change is not None else ("", 0, 0, 0)
        return Pending(path, added, deleted, lines, b.checked)

    def quality(self) -> float:
        """Current code quality (1.0 at birth for a founder)."""
        return self.body.quality
