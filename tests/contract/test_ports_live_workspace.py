"""The Workspace contract on the live adapter: a real git repository in ``tmp_path``."""

from __future__ import annotations

import numpy as np
import pytest

from colony_sim.ports import Workspace
from live.workspace_git import GitWorkspace
from tests.contract.ports_contract import WorkspaceContract

pytestmark = pytest.mark.live


class TestGitWorkspace(WorkspaceContract):
    @pytest.fixture
    def workspace(self, tmp_path):
        ws = GitWorkspace(tmp_path / "repo", "a1", rng=np.random.default_rng(11))
        yield ws
        ws.close()


def test_git_workspace_satisfies_the_protocol(tmp_path):
    ws = GitWorkspace(tmp_path / "repo", "a1", rng=np.random.default_rng(0))
    assert isinstance(ws, Workspace)
    ws.close()
