"""The simulated agent's body: latent skills and the state of its code and apps.

The agent's mind never reads this; it only sees outcomes through the ports. The body is
plain data (numpy arrays and scalars) so a colony can be checkpointed and resumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

STEP_KINDS = (
    "read_file",
    "edit_code",
    "check",
    "commit",
    "create_cartridge",
    "test_cartridge",
    "deploy",
    "benchmark",
    "call_peer",
)
"""Every kind of plan step, in the order of the brain's one-hot input."""

KIND = {name: i for i, name in enumerate(STEP_KINDS)}

MEAN_DURATION = np.array([3.0, 20.0, 30.0, 5.0, 40.0, 20.0, 10.0, 120.0, 5.0])
"""Mean simulated seconds each step kind takes."""

SIM_TREE = {
    "src/app.py": 400,
    "src/routes.py": 250,
    "src/store.py": 300,
    "tests/test_app.py": 200,
    "colony_sim/safety/guard.py": 120,
    "pyproject.toml": 60,
}
"""The agent's synthetic code base: path → lines at birth (the last two are protected)."""

_MEAN = MEAN_DURATION.tolist()
_BUFFER = 512


@dataclass
class SimBody:
    """Hidden state of one simulated agent.

    Attributes:
        skills: Latent skill per step kind, logit scale, shape ``(len(STEP_KINDS),)``.
        quality: Code quality; scales demand. 1.0 is a founder's baseline.
        has_read: The agent read the code since its last edit.
        pending: Goodness of the uncommitted change (``None`` when there is none).
        build: Goodness of the last built cartridge (``None`` when none is built).
        rng: The agent's world stream (outcomes, demand, durations).
        draws: Buffered uniforms from ``rng`` (refilled in blocks, for speed).
        skill: ``skills`` as plain floats (derived; scalar maths on them is faster).
        cursor: Next unused position in ``draws``.
        files: The code base, path → line count (see :data:`SIM_TREE`).
        change: The pending change as ``(path, added, deleted, file_lines)``, or ``None``.
        checked: The pending change passed a check.
        lobotomies: Commits that left a file below 30 % of its birth size.
        protected_writes: Commits that changed a protected file.
        bad_commits: Commits of bad changes (each cost quality).
        blind: The pending change was edited without reading the code first.
        blind_commits: Commits of such blind changes (what plan validation prevents).
    """

    skills: np.ndarray
    rng: np.random.Generator
    quality: float = 1.0
    has_read: bool = False
    pending: bool | None = None
    build: bool | None = None
    draws: list[float] = field(default_factory=list)
    cursor: int = 0
    files: dict[str, int] = field(default_factory=lambda: dict(SIM_TREE))
    change: tuple[str, int, int, int] | None = None
    checked: bool = False
    lobotomies: int = 0
    protected_writes: int = 0
    bad_commits: int = 0
    blind: bool = False
    blind_commits: int = 0

    def __post_init__(self) -> None:
        self.skill: list[float] = self.skills.tolist()  # plain floats: fast scalar maths

    def uniform(self) -> float:
        """Next U(0, 1) draw from the world stream."""
        if self.cursor >= len(self.draws):
            self.draws = self.rng.random(_BUFFER).tolist()
            self.cursor = 0
        u = self.draws[self.cursor]
        self.cursor += 1
        return u

    def chance(self, logit: float) -> bool:
        """Bernoulli draw with success probability ``sigmoid(logit)``."""
        return self.uniform() * (1.0 + math.exp(-max(-700.0, logit))) < 1.0

    def duration(self, kind: int) -> float:
        """Seconds a step of ``kind`` takes: its mean times U(0.5, 1.5)."""
        return _MEAN[kind] * (0.5 + self.uniform())

    def state(self) -> dict[str, Any]:
        """Plain-data snapshot for checkpoints."""
        return {
            "skills": self.skills.copy(),
            "quality": self.quality,
            "has_read": self.has_read,
            "pending": self.pending,
            "build": self.build,
            "rng": self.rng.bit_generator.state,
            "draws": list(self.draws),
            "cursor": self.cursor,
            "files": dict(self.files),
            "change": self.change,
            "checked": self.checked,
            "lobotomies": self.lobotomies,
            "protected_writes": self.protected_writes,
            "bad_commits": self.bad_commits,
            "blind": self.blind,
            "blind_commits": self.blind_commits,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SimBody:
        """Rebuild a body from :meth:`state`."""
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = state["rng"]
        return cls(
            skills=state["skills"].copy(),
            rng=rng,
            quality=state["quality"],
            has_read=state["has_read"],
            pending=state["pending"],
            build=state["build"],
            draws=list(state["draws"]),
            cursor=state["cursor"],
            files=dict(state["files"]),
            change=state["change"],
            checked=state["checked"],
            lobotomies=state["lobotomies"],
            protected_writes=state["protected_writes"],
            bad_commits=state["bad_commits"],
            blind=state.get("blind", False),  # absent from checkpoints before 2026-11-26
            blind_commits=state.get("blind_commits", 0),
        )
