"""The cycle's destruction guard works on the numbers the git workspace reports."""

from __future__ import annotations

import types

import numpy as np
import pytest

from colony_sim.agent import AgentState
from colony_sim.config import ColonyConfig
from colony_sim.enforce import after_commit, commit_refusal
from live.workspace_seed import SEED_TREE

pytestmark = pytest.mark.live

RATES = "".join(f"RATE_{i} = {i}\n" for i in range(42))
"""A module no test covers: cutting it line by line passes every check."""


def test_thirty_small_deletions_are_eventually_refused(make_workspace):
    # Compile check only: the tests never look at rates.py, and 30 test runs cost ~12 s.
    ws = make_workspace(test_cmd=(), seed_tree={**SEED_TREE, "src/rates.py": RATES})
    config = ColonyConfig(safety={"commit_gate": False})
    state = AgentState("a1", 0, 0, "sim:a1", 0.0, None, 0, now=0.0, wake_at=0.0)
    agent = types.SimpleNamespace(
        state=state,
        config=config,
        ports=types.SimpleNamespace(workspace=ws),
        tally=types.SimpleNamespace(safety={}),
        rng=np.random.default_rng(0),  # the code-quality gate initialises its model from it
    )
    committed = 0
    for _ in range(40):
        state.now += 600.0
        out = ws.edit("src/rates.py", transform="remove_line")
        assert out.ok and out.value[1:] == (0, 1, 42 - committed)
        change = ws.pending().change
        layer, _ = commit_refusal(agent)
        if layer is not None:
            break
        assert ws.commit(f"slice {committed}").ok
        after_commit(agent, "vm/a1", change)
        committed += 1
    assert layer == "destruction_guard"
    fraction = config.safety.destruction_fraction
    assert committed == int(fraction * 42)  # the slice that would cross the limit is refused
    assert ws.pending() is None, "the refused slice was reverted"
    assert [c.deleted - c.added for c in state.changes] == [1] * committed
    assert (ws.root / "src" / "rates.py").read_text().count("\n") == 42 - committed
