"""The sandboxed runner: passes, failures and escape attempts each get a reason."""

import os
from pathlib import Path

import pytest

from colony_sim.benchmark import load_problems
from colony_sim.benchmark.runner import Limits, check_source, run_attempt, run_many

PROBLEMS = {p.slug: p for p in load_problems()}
ROMAN = PROBLEMS["to_roman"]
REF = ROMAN.reference_path.read_text(encoding="utf-8")
FAST = Limits(timeout_scale=0.2, startup_s=2.0)


def attempt(source, limits=None):
    return run_attempt(ROMAN, source, limits)


def test_reference_passes():
    result = attempt(REF)
    assert result.passed and result.reason == "passed" and result.slug == "to_roman"


def test_mutant_is_wrong_answer_with_the_failing_test():
    result = attempt(ROMAN.mutant_paths[0].read_text(encoding="utf-8"))
    assert result.reason == "wrong_answer" and "test_hidden.py::" in result.detail


def test_missing_entry_point_is_wrong_answer():
    assert attempt("").reason == "wrong_answer"


def test_syntax_error_is_a_crash():
    result = attempt("def f(:")
    assert result.reason == "crash" and "SyntaxError" in result.detail


@pytest.mark.parametrize(("name", "source", "reason"), [
    ("infinite loop at import", "while True:\n    pass\n", "timeout"),
    ("infinite loop in the call", "def to_roman(n):\n    while True:\n        pass\n", "timeout"),
    ("memory bomb", "x = bytearray(10**10)\n", "memory"),
    ("memory bomb in the call", "def to_roman(n):\n    return [0] * 10**10\n", "memory"),
    ("fork storm", "import os\nfor _ in range(50):\n    try:\n        os.fork()\n"
     "    except OSError:\n        pass\n" + REF, "sandbox"),
    ("subprocess", "import subprocess\nsubprocess.run(['true'])\n" + REF, "sandbox"),
    ("socket", "import socket\nsocket.socket()\n" + REF, "sandbox"),
    ("socket caught", "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9))\n"
     "except Exception:\n    pass\n" + REF, "sandbox"),
    ("read hidden tests", f"open({str(ROMAN.hidden_tests_path)!r}).read()\n" + REF, "sandbox"),
    ("read the reference", f"open({str(ROMAN.reference_path)!r}).read()\n" + REF, "sandbox"),
    ("write outside", "open('/tmp/colony-escape-test.txt', 'w').write('x')\n" + REF, "sandbox"),
    ("signal the parent", "import os, signal\nos.kill(os.getppid(), signal.SIGTERM)\n" + REF,
     "sandbox"),
    ("os._exit", "import os\nos._exit(0)\n", "crash"),
    ("SIGKILL itself", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", "crash"),
    ("huge output", "import sys\nwhile True:\n    sys.stdout.write('x' * 100000)\n",
     "output_limit"),
    ("flood the control channel", "import os\nfor fd in range(3, 20):\n    try:\n"
     "        os.write(fd, b'x' * (1 << 21))\n    except OSError:\n        pass\n",
     None),
])
def test_escape_attempts_fail_with_a_reason(name, source, reason):
    result = attempt(source, FAST)
    assert not result.passed, name
    if reason is not None:
        assert result.reason == reason, (name, result)
    assert not Path("/tmp/colony-escape-test.txt").exists()


def test_writing_inside_the_temp_dir_is_allowed():
    assert attempt("open('scratch.txt', 'w').write('x')\n" + REF).passed


def test_forged_verdict_at_import_is_ignored():
    forged = ('import os, json\nfor fd in range(3, 20):\n    try:\n'
              '        line = json.dumps({"token": "", "reason": "passed"})\n'
              '        os.write(fd, line.encode() + b"\\n")\n'
              '    except OSError:\n        pass\n')
    assert not attempt(forged, FAST).passed


@pytest.mark.parametrize(("source", "fragment"), [
    (b"\xff\xfe\x00", "not UTF-8"),
    ("x" * (100 << 20), "limit"),
    ("\udcff", "not encodable"),
    (None, "not str"),
])
def test_bad_sources_are_recorded_not_run(source, fragment):
    result = attempt(source)
    assert result.reason == "invalid_source" and fragment in result.detail
    assert check_source(source, Limits())[0] is None


def test_run_many_keeps_order_and_keeps_going():
    pairs = [(ROMAN, "while True:\n    pass\n"), (ROMAN, REF), (ROMAN, b"\xff")]
    results = run_many(pairs, jobs=2, limits=FAST)
    assert [r.reason for r in results] == ["timeout", "passed", "invalid_source"]


def test_no_temp_dirs_left_behind():
    import tempfile

    before = {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("bench-to_roman")}
    attempt(REF)
    after = {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("bench-to_roman")}
    assert after <= before
