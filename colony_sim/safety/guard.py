"""Protected files and branch isolation (seed: ``guard.rs``).

The protected list is hard-coded on purpose: it is not read from the environment or a
config file, so an agent cannot widen its own permissions by editing them.
"""

from __future__ import annotations

from functools import lru_cache

PROTECTED_PREFIXES = (
    "colony_sim/safety/",
    "colony_sim/config.py",
    "colony_sim/errors.py",
    "colony_sim/economy/rules.py",
    "live/chain/",
    "live/x402/facilitator.py",
    ".github/",
)
"""Path prefixes an agent may never change (its own safety, money rules, CI)."""

PROTECTED_NAMES = frozenset({"pyproject.toml", "environment.yml", "Makefile"})
"""File names protected wherever they are (build and dependency definitions)."""

FORBIDDEN_BRANCHES = frozenset({"main", "master"})


def normalise(path: str) -> str:
    r"""Normalise a path: ``\`` → ``/``, strip leading ``./`` and ``/``, collapse ``//``."""
    p = path.strip().replace("\\", "/")
    while "//" in p:
        p = p.replace("//", "/")
    while p.startswith("./") or p.startswith("/"):
        p = p[2:] if p.startswith("./") else p[1:]
    return p


@lru_cache(maxsize=4096)
def is_protected(path: str) -> bool:
    """Whether an agent may not change ``path``.

    Protected: any path containing ``..`` (escapes the tree), the prefixes in
    :data:`PROTECTED_PREFIXES`, and any file named in :data:`PROTECTED_NAMES`.
    The answer depends on the path alone (the lists are constants), so it is memoised:
    every simulated edit and commit asks about the same few paths.
    """
    p = normalise(path)
    if ".." in p.split("/") or not p:
        return True
    if p.rsplit("/", 1)[-1] in PROTECTED_NAMES:
        return True
    return any(p == pre.rstrip("/") or p.startswith(pre) for pre in PROTECTED_PREFIXES)


def branch_refusal(target: str, agent_id: str) -> str | None:
    """Why a commit to ``target`` by ``agent_id`` is refused (``None`` if allowed).

    Branch isolation: an agent commits only to its own ``vm/{agent_id}`` branch, never to
    ``main`` (or ``master``) and never to another agent's branch.
    """
    if target in FORBIDDEN_BRANCHES:
        return f"commits to {target!r} are forbidden"
    if target != f"vm/{agent_id}":
        return f"{target!r} is not this agent's branch vm/{agent_id}"
    return None
