"""Random edit/check/commit/revert cycles leave a consistent repository.

A cycle costs ~0.4 s (one pytest run), so the thirty-cycle run is marked slow and a
ten-cycle run stays in the quick set.
"""

from __future__ import annotations

import numpy as np
import pytest

from live import workspace_check

pytestmark = pytest.mark.live


@pytest.mark.parametrize(
    ("cycles", "seed"), [(10, 2024), pytest.param(30, 2025, marks=pytest.mark.slow)]
)
def test_random_cycles_leave_a_consistent_repository(make_workspace, git, cycles, seed):
    ws = make_workspace(seed=seed)
    main = ws.repo.heads["main"].commit.hexsha
    rng = np.random.default_rng(5)
    commits = 0
    for cycle in range(cycles):
        if rng.random() < 0.5:
            assert ws.read("src/app.py").ok
        out = ws.edit("src/app.py")
        if not out.ok:
            continue
        assert ws.pending().change == out.value
        if rng.random() < 0.5 and not ws.check().ok:
            ws.revert()  # the plan checked first and saw the failure
        else:
            done = ws.commit(f"cycle {cycle}")  # unchecked changes meet the hook
            commits += done.ok
            assert done.ok or done.error in ("compile_error", "test_failure")
        assert ws.pending() is None
    assert commits >= cycles // 5
    assert git("fsck", "--strict").returncode == 0
    assert ws.repo.active_branch.name == "vm/a1"
    assert ws.repo.heads["main"].commit.hexsha == main
    assert len(list(ws.repo.iter_commits("main..vm/a1"))) == commits
    assert git("status", "--porcelain", "--untracked-files=all").stdout == ""
    status, said = workspace_check.run_check(ws.root, ws.check_cmd, ws.test_cmd, ws.timeout_s)
    assert status == workspace_check.PASSED, said
    assert ws.quality() > 0
