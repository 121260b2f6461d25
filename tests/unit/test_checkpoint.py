import pandas as pd
import pytest

from colony_sim import CheckpointError, Colony, ColonyConfig


@pytest.mark.parametrize("level", ["default", "minimal"])
def test_resume_equals_uninterrupted_run(tmp_path, level):
    config = ColonyConfig(
        agents=25,
        until=6 * 3600.0,
        seed=4,
        cognition={"level": level},
        economy={"birth_threshold": 400_000, "clone_price": 50_000, "child_endowment": 100_000},
    )
    whole = Colony(config).run()
    first = Colony(config).run(until=2 * 3600.0 + 123.4)
    path = first.save(tmp_path / "colony.ckpt")
    resumed = Colony.load(path).run()
    pd.testing.assert_frame_equal(whole.colony_frame(), resumed.colony_frame())
    pd.testing.assert_frame_equal(whole.agents_frame(), resumed.agents_frame())
    assert whole.births == resumed.births and whole.deaths == resumed.deaths
    assert whole.ledger.balances == resumed.ledger.balances


def test_loading_garbage_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="checkpoint"):
        Colony.load(bad)
