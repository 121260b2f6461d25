"""Live Workspace adapter: the agent's code in a real git repository, through GitPython.

:class:`GitWorkspace` implements :class:`colony_sim.ports.Workspace` on one repository
per node. A new repository gets the seed project (:mod:`live.workspace_seed`) committed
on ``main``; the agent then works only on its own branch ``vm/{agent_id}``, created from
``main`` and checked out. ``main`` is never committed to again.

* ``edit`` applies a mechanical transform drawn from :mod:`live.workspace_edits` to the
  real file; its value, like :meth:`pending`, is measured from ``git diff --numstat``.
* ``check`` compiles the changed files and runs the tests in a subprocess
  (:mod:`live.workspace_check`). The same check is installed as the repository's
  ``pre-commit`` hook, so a commit made by hand is checked too. ``commit`` skips the hook
  only when ``check`` already passed on exactly the tree being committed.
* ``pending`` stages everything (``git add -A``) so that new files count, which is why
  ``revert`` is ``git reset --hard`` (not ``git checkout -- .``) followed by
  ``git clean -fd``.
* ``quality`` is measured on ``HEAD`` (:mod:`live.workspace_quality`), cached, and
  recomputed only after a commit.

The safety layers of the cycle (:mod:`colony_sim.enforce`) work unchanged on these real
numbers; the tests in ``tests/live/workspace`` show it.
"""

from __future__ import annotations

import json
import logging
import math
import os
import posixpath
import re
import shlex
import stat
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from git import Blob, GitCommandError, Repo

from colony_sim.errors import ColonyError, ConfigError
from colony_sim.models.diff_features import diff_features, parse_numstat
from colony_sim.ports import Outcome, Pending
from colony_sim.safety import guard
from live import workspace_check
from live.workspace_edits import draw_edit
from live.workspace_quality import measure, quality
from live.workspace_seed import SEED_TREE

DEFAULT_CHECK = (sys.executable, "-m", "py_compile")
"""Compile step; the changed ``.py`` files are appended."""
DEFAULT_TEST = (sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests")
"""Test step, run at the top of the work tree."""
_AGENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

log = logging.getLogger(__name__)


class WorkspaceError(ColonyError):
    """The workspace repository cannot be opened or set up."""


class GitWorkspace:
    """Workspace port on a git repository at ``root`` (created with the seed if missing).

    Args:
        root: Directory of the repository: missing, empty, or a repository made earlier.
        agent_id: The agent; it works on branch ``vm/{agent_id}``.
        rng: Draws the edits.
        check_cmd: Compile command the changed ``.py`` files are appended to (``()``: none).
        test_cmd: Test command (``()``: none).
        seed_tree: ``{path: text}`` committed on ``main`` when the repository is created;
            quality is 1.0 at this tree.
        timeout_s: Limit for each command of a check (s).

    Raises:
        ConfigError: ``agent_id`` cannot name a branch.
        WorkspaceError: ``root`` holds files but no repository.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        agent_id: str,
        *,
        rng: np.random.Generator,
        check_cmd: Sequence[str] = DEFAULT_CHECK,
        test_cmd: Sequence[str] = DEFAULT_TEST,
        seed_tree: Mapping[str, str] = SEED_TREE,
        timeout_s: float = 60.0,
    ) -> None:
        if not _AGENT_ID.fullmatch(agent_id):
            raise ConfigError("agent_id", f"{agent_id!r}: use letters, digits, '-' and '_'")
        self.root = Path(root).resolve()
        self.agent_id = agent_id
        self.branch = f"vm/{agent_id}"
        self.rng = rng
        self.check_cmd, self.test_cmd = tuple(check_cmd), tuple(test_cmd)
        self.timeout_s = timeout_s
        self.repo = self._open(seed_tree)
        self._seed = measure(seed_tree)
        self._quality: float | None = None
        self._edited: str | None = None
        self._checked_tree: str | None = None
        self._has_read = False

    # -- set-up --------------------------------------------------------------------------

    def _open(self, seed_tree: Mapping[str, str]) -> Repo:
        if (self.root / ".git").exists():
            repo = Repo(self.root)
        elif self.root.exists() and any(self.root.iterdir()):
            raise WorkspaceError(
                f"{self.root} holds files but no git repository; pass an empty or missing "
                "directory, or the root of an existing workspace"
            )
        else:
            self.root.mkdir(parents=True, exist_ok=True)
            repo = Repo.init(self.root, initial_branch="main")
        with repo.config_writer() as cfg:  # this repository only, never the global config
            cfg.set_value("user", "name", f"colony agent {self.agent_id}")
            cfg.set_value("user", "email", f"{self.agent_id}@agents.colony.invalid")
            cfg.set_value("commit", "gpgsign", "false")
            cfg.set_value("core", "hooksPath", str(Path(repo.git_dir, "hooks")))
        if not repo.head.is_valid():
            for path, text in seed_tree.items():
                (self.root / path).parent.mkdir(parents=True, exist_ok=True)
                (self.root / path).write_text(text)
            repo.git.add("-A")
            repo.git.commit("--no-verify", "-m", "Seed project")
        self._install_hook(Path(repo.git_dir, "hooks"))
        if self.branch not in repo.heads:
            repo.create_head(self.branch, "main")
        if repo.head.is_detached or repo.active_branch.name != self.branch:
            repo.heads[self.branch].checkout()
        return repo

    def _install_hook(self, hooks: Path) -> None:
        hooks.mkdir(parents=True, exist_ok=True)
        script = hooks / "colony_check.py"
        script.write_text(Path(workspace_check.__file__).read_text())
        config = {
            "check_cmd": self.check_cmd,
            "test_cmd": self.test_cmd,
            "timeout_s": self.timeout_s,
        }
        (hooks / workspace_check.CONFIG_NAME).write_text(json.dumps(config, indent=1))
        hook = hooks / "pre-commit"
        hook.write_text(
            "#!/bin/sh\n"
            "# Installed by live.workspace_git: the workspace check before any commit.\n"
            f'exec {shlex.quote(sys.executable)} "$(dirname "$0")/colony_check.py"\n'
        )
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

    def close(self) -> None:
        """Stop GitPython's helper processes."""
        self.repo.close()

    # -- paths ---------------------------------------------------------------------------

    def _resolve(self, path: str) -> str | None:
        """``path`` normalised and confined to the work tree, or ``None``.

        Refused: absolute paths, ``..``, anything under ``.git`` and paths that leave the
        tree through a symbolic link.
        """
        raw = path.strip()
        if not raw or raw.startswith(("/", "\\")) or os.path.isabs(raw) or raw[1:2] == ":":
            return None
        rel = guard.normalise(raw)
        if not rel or ".." in rel.split("/"):
            return None
        rel = posixpath.normpath(rel)
        if rel == "." or rel.split("/")[0] == ".git":
            return None
        full = self.root / rel
        if full.is_symlink() or not full.resolve().is_relative_to(self.root):
            return None
        return rel

    def _text(self, rel: str) -> str | None:
        full = self.root / rel
        return full.read_text(errors="replace") if full.is_file() else None

    def _head_text(self, rel: str) -> str | None:
        try:
            return self.repo.head.commit.tree[rel].data_stream.read().decode(errors="replace")
        except KeyError:
            return None

    # -- the port ------------------------------------------------------------------------

    def read(self, path: str) -> Outcome:
        """Read a file of the work tree; ``Outcome.value`` is its text."""
        t0 = time.perf_counter()
        rel = self._resolve(path)
        text = self._text(rel) if rel is not None else None
        if text is None:
            return Outcome(False, "file_not_found", time.perf_counter() - t0)
        self._has_read = True
        return Outcome(True, None, time.perf_counter() - t0, text)

    def edit(self, path: str, *, transform: str | None = None) -> Outcome:
        """Apply a mechanical transform to the file, on disk.

        Args:
            path: The file, relative to the work tree.
            transform: Apply this transform of :mod:`live.workspace_edits` instead of
                drawing one (reading the file first makes risky transforms rarer).

        Returns:
            ``Outcome.value`` = ``(path, added, deleted, file_lines)`` of the pending change.
            Fails with ``file_not_found`` for a missing or refused path, ``parse_error``
            when no transform applies.
        """
        t0 = time.perf_counter()
        rel = self._resolve(path)
        text = self._text(rel) if rel is not None else None
        if rel is None or text is None:
            return Outcome(False, "file_not_found", time.perf_counter() - t0)
        careful, self._has_read = self._has_read, False
        picked = draw_edit(rel, text, self.rng, self._read_any, careful=careful, name=transform)
        if picked is None:
            return Outcome(False, "parse_error", time.perf_counter() - t0)
        for name, new in picked[1].items():
            (self.root / name).parent.mkdir(parents=True, exist_ok=True)
            (self.root / name).write_text(new)
        self._edited, self._checked_tree = next(iter(picked[1])), None
        pending = self.pending()
        change = pending.change if pending is not None else (rel, 0, 0, 0)
        return Outcome(True, None, time.perf_counter() - t0, change)

    def _read_any(self, rel: str) -> str | None:
        return self._text(rel) if self._resolve(rel) == rel else None

    def check(self) -> Outcome:
        """Compile the changed files and run the tests; ``value`` is the failure's output."""
        t0 = time.perf_counter()
        if self.pending() is None:
            return Outcome(False, "file_not_found", time.perf_counter() - t0)
        tree = self.repo.git.write_tree()  # the index holds the whole change (pending)
        status, out = workspace_check.run_check(
            self.root, self.check_cmd, self.test_cmd, self.timeout_s
        )
        self._checked_tree = tree if status == workspace_check.PASSED else None
        if status == workspace_check.PASSED:
            return Outcome(True, None, time.perf_counter() - t0)
        return Outcome(False, workspace_check.CATEGORY[status], time.perf_counter() - t0, out)

    def commit(self, message: str, branch: str = "") -> Outcome:
        """Commit the pending change on the agent's branch (``""`` means that branch).

        Another branch, a work tree not on the agent's branch, or no change fails with
        ``git_error``. Unless :meth:`check` passed on this very tree, the pre-commit hook
        checks it; a change the hook refuses is discarded and the outcome carries the
        check's category (``compile_error`` or ``test_failure``). ``value`` is the new
        commit's hexsha.
        """
        t0 = time.perf_counter()
        target = branch or self.branch
        refusal = guard.branch_refusal(target, self.agent_id)
        if refusal is None and self.repo.head.is_detached:
            refusal = "HEAD is detached"
        elif refusal is None and self.repo.active_branch.name != self.branch:
            refusal = f"the work tree is on {self.repo.active_branch.name}, not {self.branch}"
        pending = self.pending() if refusal is None else None
        if refusal is not None or pending is None:
            return Outcome(False, "git_error", time.perf_counter() - t0, refusal)
        verify = ("--no-verify",) if pending.checked else ()
        try:
            self.repo.git.commit(*verify, "-m", message or "(no message)")
        except GitCommandError as exc:
            said = f"{exc.stdout}\n{exc.stderr}"
            labels = workspace_check.CATEGORY.values()
            category = next((c for c in labels if workspace_check.MARKER + c in said), "git_error")
            self.revert()
            log.info("commit refused by the pre-commit hook (%s): %s", category, said[-500:])
            return Outcome(False, category, time.perf_counter() - t0, None)  # nothing landed
        self._quality, self._edited, self._checked_tree = None, None, None
        return Outcome(True, None, time.perf_counter() - t0, self.repo.head.commit.hexsha)

    def revert(self) -> None:
        """Discard the pending change: restore tracked files, delete untracked ones."""
        self.repo.git.reset("--hard", "HEAD")
        self.repo.git.clean("-fd")
        self._edited, self._checked_tree = None, None

    def pending(self) -> Pending | None:
        """The uncommitted change, summed over files, or ``None`` when the tree is clean.

        ``path`` is a protected changed file if there is one (so the cycle's layer 1 sees
        it), else the file the last edit changed first, else the most changed file;
        ``file_lines`` is that file's length at ``HEAD``.
        """
        self.repo.git.add("-A")
        rows = parse_numstat(self.repo.git.diff("--cached", "--numstat", "--no-renames", "HEAD"))
        if not rows:
            return None
        paths = [p for _, _, p in rows]
        protected = [p for p in paths if guard.is_protected(p)]
        if protected:
            path = protected[0]
        elif self._edited in paths:
            path = self._edited
        else:
            path = max(rows, key=lambda r: r[0] + r[1])[2]
        head = self._head_text(path)
        lines = len(head.splitlines()) if head is not None else 0
        checked = self._checked_tree is not None
        checked = checked and self._checked_tree == self.repo.git.write_tree()
        return Pending(path, sum(r[0] for r in rows), sum(r[1] for r in rows), lines, checked)

    def quality(self) -> float:
        """Quality of ``HEAD`` relative to the seed (:mod:`live.workspace_quality`)."""
        if self._quality is None:
            files = {
                str(blob.path): blob.data_stream.read().decode(errors="replace")
                for blob in self.repo.head.commit.tree.traverse()
                if isinstance(blob, Blob) and str(blob.path).endswith(".py")
            }
            self._quality = quality(measure(files), self._seed)
        return self._quality

    def diff_features(self, *, iq: float = math.nan, fitness: float = 0.5) -> np.ndarray:
        """The code-quality model's 32 features of the pending change, float32 ``(32,)``.

        Computed by :func:`colony_sim.models.diff_features.diff_features` from the real
        ``git diff HEAD`` and its ``--numstat`` (all zeros but ``iq``/``fitness`` when
        nothing is pending).
        """
        self.repo.git.add("-A")
        diff = self.repo.git.diff("--cached", "--no-renames", "HEAD")
        numstat = self.repo.git.diff("--cached", "--numstat", "--no-renames", "HEAD")
        return diff_features(diff, numstat, iq=iq, fitness=fitness)
