"""Paths are confined to the work tree; protected files are refused by the cycle's layer."""

from __future__ import annotations

import types

import numpy as np
import pytest

from colony_sim.agent import AgentState
from colony_sim.config import ColonyConfig
from colony_sim.enforce import commit_refusal

pytestmark = pytest.mark.live

ESCAPES = [
    "../outside.py",
    "src/../../outside.py",
    "/etc/passwd",
    "\\etc\\passwd",
    "C:/Windows/win.ini",
    ".git/hooks/pre-commit",
    ".git/config",
    "",
    ".",
    "src/missing.py",
]


@pytest.mark.parametrize("path", ESCAPES)
def test_paths_outside_the_tree_or_missing_are_not_found(workspace, path):
    assert workspace.edit(path).error == "file_not_found"
    assert workspace.read(path).error == "file_not_found"
    assert workspace.pending() is None


def test_a_symlink_leaving_the_tree_is_refused(workspace, tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("KEY = 1\n")
    (workspace.root / "src" / "link.py").symlink_to(secret)
    (workspace.root / "src" / "dir").symlink_to(tmp_path)
    for path in ("src/link.py", "src/dir/secret.py"):
        assert workspace.edit(path).error == "file_not_found"
        assert workspace.read(path).error == "file_not_found"
    assert secret.read_text() == "KEY = 1\n"


def test_paths_are_normalised(workspace):
    out = workspace.edit("./src//app.py", transform="add_docstring")
    assert out.ok and out.value[0] == "src/app.py"
    assert workspace.read("src/./app.py").value.count('"""Label."""') == 1


def _agent(workspace):
    state = AgentState("a1", 0, 0, "sim:a1", 0.0, None, 0, now=100.0, wake_at=100.0)
    return types.SimpleNamespace(
        state=state,
        config=ColonyConfig(),
        ports=types.SimpleNamespace(workspace=workspace),
        tally=types.SimpleNamespace(safety={}),
        rng=np.random.default_rng(0),  # the code-quality gate initialises its model from it
    )


def test_a_protected_edit_happens_on_disk_and_the_cycle_reverts_it(workspace):
    before = (workspace.root / "pyproject.toml").read_text()
    out = workspace.edit("pyproject.toml")
    assert out.ok and out.value[0] == "pyproject.toml"
    assert (workspace.root / "pyproject.toml").read_text() != before
    agent = _agent(workspace)
    layer, _ = commit_refusal(agent)
    assert layer == "protected_files"
    assert workspace.pending() is None
    assert workspace.repo.git.status("--porcelain") == ""
    assert (workspace.root / "pyproject.toml").read_text() == before


def test_pending_names_a_protected_file_even_when_another_was_edited(workspace):
    assert workspace.edit("src/app.py", transform="add_docstring").ok
    (workspace.root / "pyproject.toml").write_text("[tool.other]\n")
    assert workspace.pending().path == "pyproject.toml"


def test_the_cycle_lets_a_checked_good_change_through(workspace):
    assert workspace.edit("src/app.py", transform="add_helper_with_test").ok
    agent = _agent(workspace)
    layer, spent = commit_refusal(agent)
    assert layer is None and spent > 0, "the precommit layer ran the real check"
    assert workspace.pending().checked
