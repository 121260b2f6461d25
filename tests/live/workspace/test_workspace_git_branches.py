"""Branch isolation: the agent commits only on vm/{id}; main keeps the seed."""

from __future__ import annotations

import os

import numpy as np
import pytest

from colony_sim.errors import ConfigError
from live.workspace_git import GitWorkspace, WorkspaceError
from live.workspace_seed import SEED_TREE

pytestmark = pytest.mark.live


def _good_change(ws):
    assert ws.edit("src/app.py", transform="add_helper_with_test").ok


def test_a_new_workspace_holds_the_seed_on_main_and_works_on_its_branch(workspace):
    repo = workspace.repo
    assert repo.active_branch.name == "vm/a1"
    assert repo.heads["vm/a1"].commit == repo.heads["main"].commit
    tree = repo.heads["main"].commit.tree
    assert {b.path for b in tree.traverse() if b.type == "blob"} == set(SEED_TREE)
    assert workspace.pending() is None


def test_the_committer_identity_is_local_to_the_repository(workspace):
    with workspace.repo.config_reader("repository") as cfg:
        assert cfg.get_value("user", "name") == "colony agent a1"
        assert cfg.get_value("user", "email").endswith(".invalid")


def test_commits_land_on_the_agent_branch_and_main_is_untouched(workspace):
    main = workspace.repo.heads["main"].commit.hexsha
    shas = []
    for _ in range(2):
        _good_change(workspace)
        out = workspace.commit("document")
        assert out.ok, out.value
        shas.append(out.value)
    assert workspace.repo.heads["main"].commit.hexsha == main
    assert workspace.repo.heads["vm/a1"].commit.hexsha == shas[-1]
    assert workspace.repo.heads["vm/a1"].commit.parents[0].hexsha == shas[0]


@pytest.mark.parametrize("branch", ["main", "master", "vm/a2", "feature"])
def test_a_commit_to_any_other_branch_is_refused(workspace, branch):
    main = workspace.repo.heads["main"].commit.hexsha
    _good_change(workspace)
    out = workspace.commit("elsewhere", branch)
    assert not out.ok and out.error == "git_error"
    assert workspace.repo.heads["main"].commit.hexsha == main
    assert workspace.pending() is not None, "a refused commit keeps the change"
    assert workspace.commit("own", "vm/a1").ok


def test_no_commit_when_someone_checked_out_main(workspace, git):
    main = workspace.repo.heads["main"].commit.hexsha
    assert git("checkout", "-q", "main").returncode == 0
    _good_change(workspace)
    out = workspace.commit("sneaky")
    assert out.error == "git_error" and "main" in out.value
    assert workspace.repo.heads["main"].commit.hexsha == main


def test_reopening_continues_on_the_agent_branch(make_workspace):
    first = make_workspace()
    _good_change(first)
    sha = first.commit("kept").value
    first.close()
    again = make_workspace()
    assert again.repo.active_branch.name == "vm/a1"
    assert again.repo.head.commit.hexsha == sha


def test_a_second_agent_branches_from_main(make_workspace):
    first = make_workspace("a1")
    _good_change(first)
    first.commit("a1's work")
    second = make_workspace("a2")
    assert second.repo.active_branch.name == "vm/a2"
    assert second.repo.head.commit == second.repo.heads["main"].commit


def test_a_directory_with_files_but_no_repository_is_refused(tmp_path):
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "notes.txt").write_text("mine")
    with pytest.raises(WorkspaceError, match="no git repository"):
        GitWorkspace(tmp_path / "repo", "a1", rng=np.random.default_rng(0))


@pytest.mark.parametrize("agent_id", ["", "a/b", "..", "-x", "a b"])
def test_an_agent_id_that_cannot_name_a_branch_is_refused(tmp_path, agent_id):
    with pytest.raises(ConfigError, match="agent_id"):
        GitWorkspace(tmp_path / "repo", agent_id, rng=np.random.default_rng(0))


def test_the_pre_commit_hook_is_installed_and_executable(workspace):
    hook = workspace.root / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK)
    assert "colony_check.py" in hook.read_text()
