"""The workspace check: compile the changed Python files, then run the tests.

One check serves two callers. :meth:`live.workspace_git.GitWorkspace.check` imports
:func:`run_check`; the workspace repository's git ``pre-commit`` hook runs a copy of this
file (``.git/hooks/colony_check.py``), so a commit made by hand in that repository is
checked too. The copy runs on its own, so this module uses the standard library only.

Exit status of the hook (and first value of :func:`run_check`): 0 pass, 3 compile error,
4 test failure (a timeout counts as a failure). The hook reads its commands and timeout
from ``colony_check.json`` next to it, written by the workspace, and prints
``colony check: <category>`` so the caller of ``git commit`` can tell the two apart.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

PASSED, COMPILE_ERROR, TEST_FAILURE = 0, 3, 4
CATEGORY = {COMPILE_ERROR: "compile_error", TEST_FAILURE: "test_failure"}
"""Exit status → :data:`colony_sim.ports.ERROR_CATEGORIES` name."""
CONFIG_NAME = "colony_check.json"
MARKER = "colony check: "


def clean_env() -> dict[str, str]:
    """The environment the check's commands run in: nothing inherited.

    Only a default ``PATH``, no bytecode files, and no pytest entry-point plugins
    (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``): the seed project needs none, and loading a large
    environment's plugins costs seconds per run.
    """
    return {
        "PATH": os.defpath,
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    }


def changed_python_files(root: Path) -> list[str]:
    """Changed or new ``.py`` files of the work tree against ``HEAD`` (deleted ones left out)."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout
        return [name for name in out.split("\0") if name]

    tracked = git("diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "HEAD")
    untracked = git("ls-files", "-z", "--others", "--exclude-standard")
    return sorted({name for name in tracked + untracked if name.endswith(".py")})


def _run(cmd: Sequence[str], root: Path, timeout_s: float) -> tuple[int, str]:
    try:
        done = subprocess.run(
            list(cmd),
            cwd=root,
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
    except subprocess.TimeoutExpired:
        return 1, f"{cmd[0]} timed out after {timeout_s:g} s"
    return done.returncode, done.stdout + done.stderr


def run_check(
    root: Path,
    check_cmd: Sequence[str],
    test_cmd: Sequence[str],
    timeout_s: float,
) -> tuple[int, str]:
    """Compile the changed ``.py`` files, then run the tests, in ``root``.

    Args:
        root: Top of the work tree.
        check_cmd: Command the changed files are appended to (empty: no compile step).
        test_cmd: Test command (empty: no tests).
        timeout_s: Limit for each command (s).

    Returns:
        ``(status, output)``: :data:`PASSED`, :data:`COMPILE_ERROR` or
        :data:`TEST_FAILURE`, and the failing command's output.
    """
    files = changed_python_files(root)
    if check_cmd and files:
        code, out = _run([*check_cmd, *files], root, timeout_s)
        if code != 0:
            return COMPILE_ERROR, out
    if test_cmd:
        code, out = _run(test_cmd, root, timeout_s)
        if code != 0:
            return TEST_FAILURE, out
    return PASSED, ""


def main() -> int:
    """Run as the pre-commit hook: git starts hooks at the top of the work tree."""
    config = json.loads((Path(__file__).resolve().parent / CONFIG_NAME).read_text())
    status, out = run_check(
        Path.cwd(), config["check_cmd"], config["test_cmd"], config["timeout_s"]
    )
    if status != PASSED:
        print(f"{out.rstrip()}\n{MARKER}{CATEGORY[status]}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
