"""Simulated workspace: a code base whose quality moves with good and bad commits."""

from __future__ import annotations

from colony_sim.ports import Outcome
from colony_sim.sim.body import KIND, SimBody

QUALITY_GAIN = 0.05
QUALITY_LOSS = 0.08
QUALITY_MIN, QUALITY_MAX = 0.1, 3.0
NOISE = 0.05
"""Chance that a check or a commit reports the opposite of the change's true goodness."""

_READ, _EDIT, _CHECK, _COMMIT = KIND["read_file"], KIND["edit_code"], KIND["check"], KIND["commit"]


class SimWorkspace:
    """Workspace port over a :class:`SimBody`.

    An edit produces a change that is good with probability
    ``sigmoid(skill_edit + 1.5·read_first − 0.75)``; checks and commits reveal that
    goodness (with 5% noise). A good commit raises quality, a bad one lowers it.
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
        if ok:
            b.pending = b.chance(b.skill[_EDIT] + (1.5 if b.has_read else 0.0) - 0.75)
        b.has_read = False
        return Outcome(ok, None if ok else "compile_error", b.duration(_EDIT))

    def check(self) -> Outcome:
        """Build and test the pending change."""
        b = self.body
        if b.pending is None:
            return Outcome(False, "file_not_found", b.duration(_CHECK))
        ok = b.pending != (b.uniform() < NOISE)
        return Outcome(ok, None if ok else "test_failure", b.duration(_CHECK))

    def commit(self, message: str) -> Outcome:
        """Commit the pending change; a bad change regresses quality."""
        b = self.body
        if b.pending is None:
            return Outcome(False, "git_error", b.duration(_COMMIT))
        ok = b.pending != (b.uniform() < NOISE)
        if b.pending:
            b.quality = min(QUALITY_MAX, b.quality + QUALITY_GAIN)
        else:
            b.quality = max(QUALITY_MIN, b.quality - QUALITY_LOSS)
        b.pending = None
        return Outcome(ok, None if ok else "test_failure", b.duration(_COMMIT))

    def quality(self) -> float:
        """Current code quality (1.0 at birth for a founder)."""
        return self.body.quality
