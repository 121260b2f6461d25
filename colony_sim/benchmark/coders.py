"""Coders: whatever writes a candidate ``solution.py`` from a problem's task.

A :class:`Coder` sees a :class:`Task` (statement, signature, visible examples and,
for tier 2, the buggy starter) and never the hidden tests. ``kind`` labels every
report row:

* ``reference``, ``empty`` and ``mutant`` are **validation coders**: they exist to
  check the runner and the IQ arithmetic and never measure a model;
* ``dir`` scores solution files written anywhere (``<dir>/<slug>.py``);
* ``llm`` asks an OpenAI-compatible chat endpoint (:mod:`colony_sim.benchmark.llm`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from colony_sim.benchmark.problemset import Example, Problem

#: Coder kinds that only validate the machinery.
VALIDATION_KINDS = frozenset({"reference", "empty", "mutant"})


class CoderError(Exception):
    """The coder could not produce a source (API error, quota); the problem is not scored."""


class NoSolution(Exception):
    """The coder has no solution for this problem; scored as a failure."""


@dataclass(frozen=True)
class Task:
    """What a coder may see of a problem.

    Attributes:
        slug: Problem id.
        tier: Tier 1-6.
        title: Title.
        entry_point: Function the solution must define.
        signature: Its signature.
        statement: The specification.
        examples: Visible examples.
        starter: Buggy starter code for tier 2, else ``None``.
        prompt: All of the above rendered as text.
    """

    slug: str
    tier: int
    title: str
    entry_point: str
    signature: str
    statement: str
    examples: tuple[Example, ...]
    starter: str | None
    prompt: str

    @classmethod
    def from_problem(cls, problem: Problem) -> Task:
        """The visible part of ``problem``."""
        starter = problem.starter_path
        return cls(problem.slug, problem.tier, problem.title, problem.entry_point,
                   problem.signature, problem.statement, problem.examples,
                   starter.read_text(encoding="utf-8") if starter else None, problem.prompt())


@runtime_checkable
class Coder(Protocol):
    """Writes ``solution.py`` for a task."""

    name: str
    kind: str

    def write(self, task: Task) -> str | bytes:
        """Return the candidate source (raise :class:`CoderError` or :class:`NoSolution`)."""
        ...


class _ByProblem:
    def __init__(self, problems: list[Problem]) -> None:
        self._problems = {p.slug: p for p in problems}

    def _problem(self, task: Task) -> Problem:
        return self._problems[task.slug]


class ReferenceCoder(_ByProblem):
    """Validation coder: returns the reference solution (expected IQ 150)."""

    name = "reference"
    kind = "reference"

    def write(self, task: Task) -> str:
        """The problem's ``reference.py``."""
        return self._problem(task).reference_path.read_text(encoding="utf-8")


class EmptyCoder:
    """Validation coder: returns an empty module (expected IQ 85)."""

    name = "empty"
    kind = "empty"

    def write(self, task: Task) -> str:
        """An empty source."""
        return ""


class MutantCoder(_ByProblem):
    """Validation coder with a known, intermediate score.

    Inside each tier (problems sorted by slug) the first ``7 − tier`` problems get
    the reference and the others their first hand-written mutant, which the hidden
    tests reject: 6, 5, 4, 3, 2, 1 passes in tiers 1-6, weighted pass rate
    58/230 and IQ 100.13 on the full set.
    """

    name = "mutant"
    kind = "mutant"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        ranks: dict[str, int] = {}
        for tier in {p.tier for p in problems}:
            same = sorted(p.slug for p in problems if p.tier == tier)
            ranks.update({slug: i for i, slug in enumerate(same)})
        self._rank = ranks

    def expects_pass(self, slug: str, tier: int) -> bool:
        """Whether this coder hands the reference for ``slug``."""
        return self._rank[slug] < 7 - tier

    def write(self, task: Task) -> str:
        """The reference or the first mutant, as described above."""
        problem = self._problem(task)
        path = (problem.reference_path if self.expects_pass(task.slug, task.tier)
                else problem.mutant_paths[0])
        return path.read_text(encoding="utf-8")


class DirCoder:
    """Reads ``<root>/<slug>.py`` (bytes, so a non-UTF-8 file is recorded, not fatal)."""

    kind = "dir"

    def __init__(self, root: Path | str, max_bytes: int = 1 << 20) -> None:
        self.root = Path(root)
        self.name = f"dir:{self.root}"
        self.max_bytes = max_bytes

    def write(self, task: Task) -> bytes:
        """The file's bytes, at most ``max_bytes + 1`` of them (the runner refuses more)."""
        path = self.root / f"{task.slug}.py"
        if not path.is_file():
            raise NoSolution(f"no file {path}")
        with path.open("rb") as fh:
            return fh.read(self.max_bytes + 1)
