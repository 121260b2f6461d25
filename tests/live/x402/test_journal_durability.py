"""The journal's durability levels: what each syncs, and that a killed process loses nothing."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from live.x402.journal import SYNC_MODES, Journal

pytestmark = pytest.mark.live


def pragma(journal: Journal) -> int:
    return int(journal._db.execute("PRAGMA synchronous").fetchone()[0])


def test_write_ahead_is_the_default_and_syncs_only_the_submitted_record(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    assert journal.synchronous == "WRITE_AHEAD" == SYNC_MODES[0]
    assert pragma(journal) == 1  # NORMAL between writes
    journal.claim("k", network="n", asset="a", payer="p", nonce="0x1", payload={},
                  requirements={})
    journal.submitted("k", "0xh", "0xraw")
    assert pragma(journal) == 1  # back to NORMAL after the synced write
    assert Journal(tmp_path / "f.sqlite", synchronous="FULL")._db.execute(
        "PRAGMA synchronous").fetchone()[0] == 2


def test_an_unknown_mode_is_refused_by_name(tmp_path):
    with pytest.raises(ValueError, match="synchronous: must be one of WRITE_AHEAD, FULL, NORMAL"):
        Journal(tmp_path / "j.sqlite", synchronous="OFF")


@pytest.mark.parametrize("mode", SYNC_MODES)
def test_a_killed_process_loses_no_change(tmp_path, mode):
    path = tmp_path / "j.sqlite"
    script = textwrap.dedent(f"""
        import os, signal
        from live.x402.journal import Journal
        j = Journal({str(path)!r}, synchronous={mode!r})
        for i in range(20):
            k = f"k{{i}}"
            j.claim(k, network="n", asset="a", payer="p", nonce=str(i), payload={{}},
                    requirements={{}})
            j.submitted(k, "0xh", "0xraw")
            if i % 2:
                j.settled(k, "0xh", {{"success": True}})
                j.delivered(k)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert Journal(path).counts() == {"submitted": 10, "delivered": 10}
