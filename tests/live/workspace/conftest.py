"""Fixtures for the git workspace: a fresh repository per test, and git run by hand."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from live.workspace_git import GitWorkspace


@pytest.fixture
def make_workspace(tmp_path):
    """Build GitWorkspaces under ``tmp_path`` (closed after the test)."""
    made = []

    def make(agent_id: str = "a1", seed: int = 7, **options) -> GitWorkspace:
        ws = GitWorkspace(tmp_path / "repo", agent_id, rng=np.random.default_rng(seed), **options)
        made.append(ws)
        return ws

    yield make
    for ws in made:
        ws.close()


@pytest.fixture
def workspace(make_workspace):
    return make_workspace()


@pytest.fixture
def git(workspace):
    """Run git in the workspace like a person would; returns the completed process."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=workspace.root, capture_output=True, text=True)

    return run
