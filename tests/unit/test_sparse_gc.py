"""The collector settings a run borrows come back, and runs give the same rows either way."""

from __future__ import annotations

import gc
import threading

import pandas as pd

from colony_sim import Colony, ColonyConfig, model
from colony_sim.model import GC_GEN0, sparse_gc


def test_settings_are_restored_after_nested_blocks():
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with sparse_gc():
        assert gc.get_threshold()[0] == max(before[0], GC_GEN0)
        assert gc.get_freeze_count() > 0
        with sparse_gc():
            assert gc.get_threshold()[0] == max(before[0], GC_GEN0)
        assert gc.get_threshold()[0] == max(before[0], GC_GEN0)  # inner exit restores nothing
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_by_the_caller_is_left_alone():
    gc.freeze()
    try:
        with sparse_gc():
            pass
        assert gc.get_freeze_count() > 0  # not unfrozen by the block
    finally:
        gc.unfreeze()


def test_overlapping_blocks_in_threads_restore_the_original_settings():
    before = gc.get_threshold()
    inside, release = threading.Barrier(3), threading.Event()

    def hold() -> None:
        with sparse_gc():
            inside.wait()
            release.wait(timeout=10)

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    assert gc.get_threshold()[0] == max(before[0], GC_GEN0)
    release.set()
    for t in threads:
        t.join(timeout=10)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_run_gives_the_same_rows_when_the_collector_runs_constantly(monkeypatch):
    config = ColonyConfig(agents=6, until=1200, seed=3)
    plain = Colony(config).run().colony_frame()
    old = gc.get_threshold()
    monkeypatch.setattr(model, "GC_GEN0", 0)
    gc.set_threshold(50, 1, 1)  # a full collection every ~100 container allocations
    try:
        eager = Colony(config).run().colony_frame()
    finally:
        gc.set_threshold(*old)
    pd.testing.assert_frame_equal(plain, eager)
