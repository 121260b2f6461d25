"""The cumulative destruction guard (seed: ``coding.rs::check_destruction_guard``).

A commit is a list of :class:`Change` records ``(time, path, added, deleted,
file_lines)``, ``file_lines`` being the file's length *before* the change. Two rules:

* **per commit** — a change that deletes more than it adds, more than ``min_lines`` lines
  and more than ``per_commit`` (50 %) of the file is blocked;
* **cumulative** — over a rolling window (24 h), the lines a file lost,
  ``Σ (deleted − added)`` over the window's changes plus the proposed one, may not exceed
  ``fraction`` (70 %) of its length at the start of the window (the ``file_lines`` of its
  first change in the window). Many small deletions — a lobotomy in 30 slices — add up
  and are caught; ordinary edits that add as much as they remove never accumulate.

The seed compares ``git diff --numstat <base> HEAD``; the net loss per file is our
equivalent without a git history (a rewrite that keeps the length is not a deletion).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Change(NamedTuple):
    """One file's change in a commit.

    Attributes:
        time: When it was (or would be) committed (s).
        path: Normalised path.
        added: Lines added.
        deleted: Lines deleted.
        file_lines: Lines in the file before the change.
    """

    time: float
    path: str
    added: int
    deleted: int
    file_lines: int


def prune(history: Iterable[Change], now: float, window_s: float) -> list[Change]:
    """The records still inside the window ``(now − window_s, now]``."""
    return [c for c in history if c.time > now - window_s]


def refusal(
    history: Iterable[Change],
    proposed: Change,
    *,
    window_s: float = 86_400.0,
    fraction: float = 0.7,
    per_commit: float = 0.5,
    min_lines: int = 20,
) -> str | None:
    """Why ``proposed`` must be blocked, or ``None`` if it may be committed.

    Args:
        history: Committed changes (any age; older ones are ignored).
        proposed: The change about to be committed.
        window_s: Length of the rolling window (s).
        fraction: Most of a file's window-start length that may be lost cumulatively.
        per_commit: Most of a file one commit may delete.
        min_lines: Losses below this many lines never block.
    """
    p = proposed
    if p.deleted > p.added and p.deleted > min_lines and p.deleted > per_commit * p.file_lines:
        return f"{p.path}: one commit deletes {p.deleted} of {p.file_lines} lines"
    recent = [c for c in prune(history, p.time, window_s) if c.path == p.path]
    base = recent[0].file_lines if recent else p.file_lines
    lost = sum(c.deleted - c.added for c in recent) + p.deleted - p.added
    if lost >= max(min_lines, 1) and lost > fraction * base:
        return (
            f"{p.path}: {lost} of {base} lines deleted within {window_s / 3600:g} h "
            f"(limit {fraction:.0%})"
        )
    return None
