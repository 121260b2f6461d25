"""Sandboxed runner: score candidate sources against the hidden tests.

Each attempt runs in its own process (``python -I -B _harness.py``) in a fresh
temporary directory, in its own session, with a cleared environment. The
harness (:mod:`colony_sim.benchmark._harness`) sets the resource limits, drops
root to ``nobody`` when it can, installs an audit hook, imports the candidate
and only then receives the hidden tests. The parent enforces the wall-clock
limit, caps what the child may write back, kills the whole process group at the
end and maps every outcome to one reason of :data:`REASONS`.

Attempts run in parallel on a thread pool (one subprocess per thread).
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from colony_sim.benchmark.problemset import Problem

#: Every reason an attempt can end with; only ``passed`` counts as a pass.
#: ``no_solution`` (the coder had none) is a failure; ``coder_error`` (an API error,
#: as in the seed) leaves the problem out of the score.
REASONS = ("passed", "wrong_answer", "timeout", "memory", "crash", "sandbox",
           "output_limit", "invalid_source", "no_solution", "coder_error")

HARNESS = Path(__file__).resolve().parent / "_harness.py"
_CONTROL_CAP = 1 << 20


@dataclass(frozen=True, kw_only=True)
class Limits:
    """Resource limits of one attempt.

    Attributes:
        timeout_scale: Wall-clock limit = ``timeout_scale * problem.timeout_s + startup_s``.
        startup_s: Allowance for interpreter and pytest start-up.
        memory_mb: Address-space limit (RLIMIT_AS).
        output_mb: Largest file the child may write, its stdout/stderr log included.
        max_source_bytes: Longer candidate sources are refused unrun.
        nproc: Process limit (binds only when the child runs unprivileged).
        nofile: Open file limit.
    """

    timeout_scale: float = 1.0
    startup_s: float = 3.0
    memory_mb: int = 1024
    output_mb: int = 16
    max_source_bytes: int = 1 << 20
    nproc: int = 64
    nofile: int = 128


@dataclass(frozen=True)
class Attempt:
    """Outcome of one candidate on one problem.

    Attributes:
        slug: Problem slug.
        tier: Problem tier.
        passed: Whether every hidden test passed with no sandbox violation.
        reason: One of :data:`REASONS`.
        detail: Human-readable explanation (first failing test, violation, signal).
        seconds: Wall time of the attempt.
    """

    slug: str
    tier: int
    passed: bool
    reason: str
    detail: str
    seconds: float


def _world_traversable(path: Path) -> bool:
    try:
        return all(p.stat().st_mode & 0o005 == 0o005 for p in (path, *path.parents))
    except OSError:
        return False


def _unprivileged() -> tuple[int, int] | None:
    """``nobody``'s uid and gid when running as root and ``nobody`` can run Python."""
    if os.geteuid() != 0:
        return None
    roots = (Path(sys.base_prefix), Path(sys.prefix), HARNESS.parent.parent.parent)
    if not all(_world_traversable(r) for r in roots):
        return None
    try:
        import pwd

        entry = pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        return None
    return entry.pw_uid, entry.pw_gid


def check_source(source: str | bytes, limits: Limits) -> tuple[str | None, str]:
    """Validate a coder's output before anything is run.

    Args:
        source: What the coder returned.
        limits: Gives the size cap.

    Returns:
        ``(text, "")`` when usable, else ``(None, why)``.
    """
    if isinstance(source, bytes):
        if len(source) > limits.max_source_bytes:
            return None, f"source is {len(source):,} bytes (limit {limits.max_source_bytes:,})"
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, f"source is not UTF-8 ({exc.reason} at byte {exc.start})"
    if not isinstance(source, str):
        return None, f"coder returned {type(source).__name__}, not str"
    if len(source) > limits.max_source_bytes:
        return None, f"source is {len(source):,} characters (limit {limits.max_source_bytes:,})"
    try:
        source.encode("utf-8")
    except UnicodeEncodeError as exc:
        return None, f"source is not encodable as UTF-8 ({exc.reason})"
    return source, ""


def _signal_reason(code: int, killed_by_us: bool) -> tuple[str, str]:
    sig = -code
    name = signal.Signals(sig).name if sig in signal.valid_signals() else str(sig)
    if killed_by_us:
        return "timeout", "wall-clock limit"
    if sig == signal.SIGXCPU:
        return "timeout", "CPU-time limit (SIGXCPU)"
    if sig == signal.SIGXFSZ:
        return "output_limit", "file-size limit (SIGXFSZ)"
    return "crash", f"killed by {name}"


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _tail(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(max(0, path.stat().st_size - 300))
            return fh.read().decode("utf-8", "replace").strip().splitlines()[-1:][0]
    except (OSError, IndexError):
        return ""


def run_attempt(problem: Problem, source: str | bytes, limits: Limits | None = None) -> Attempt:
    """Run the hidden tests of ``problem`` against one candidate in the sandbox.

    Args:
        problem: The problem whose hidden tests judge the candidate.
        source: Candidate source for ``solution.py``.
        limits: Resource limits (defaults to :class:`Limits`).

    Returns:
        The :class:`Attempt`; never raises for anything the candidate does.
    """
    limits = limits or Limits()
    start = time.perf_counter()

    def done(reason: str, detail: str = "") -> Attempt:
        return Attempt(problem.slug, problem.tier, reason == "passed", reason, detail,
                       round(time.perf_counter() - start, 3))

    text, why = check_source(source, limits)
    if text is None:
        return done("invalid_source", why)
    wall = limits.timeout_scale * problem.timeout_s + limits.startup_s
    user = _unprivileged()
    outer = Path(tempfile.mkdtemp(prefix=f"bench-{problem.slug}-"))
    work = outer / "work"
    work.mkdir()
    try:
        (work / "solution.py").write_text(text, encoding="utf-8")
        if user is not None:
            os.chown(work, *user)
            os.chown(work / "solution.py", *user)
        return done(*_supervise(problem, work, outer / "output.log", wall, limits, user))
    finally:
        shutil.rmtree(outer, ignore_errors=True)


def _supervise(problem: Problem, work: Path, log: Path, wall: float, limits: Limits,
               user: tuple[int, int] | None) -> tuple[str, str]:
    ctl_r, ctl_w = os.pipe()
    spec = {
        "ctl_fd": ctl_w, "work": str(work), "entry_point": problem.entry_point,
        "forbidden": sorted({str(problem.path.parent.parent), str(problem.path)}),
        "memory_bytes": limits.memory_mb << 20, "cpu_s": int(wall) + 1,
        "fsize_bytes": limits.output_mb << 20, "nofile": limits.nofile, "nproc": limits.nproc,
        "uid": user[0] if user else None, "gid": user[1] if user else None,
    }
    env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "TMPDIR": str(work),
           "LANG": "C.UTF-8", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    deadline = time.monotonic() + wall
    with log.open("wb") as out:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-B", str(HARNESS), json.dumps(spec)],
                stdin=subprocess.PIPE, stdout=out, stderr=out, pass_fds=(ctl_w,),
                cwd=work, env=env, start_new_session=True)
        finally:
            os.close(ctl_w)
    token = secrets.token_hex(16)
    buf, sent, killed, overflow = b"", False, False, False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                killed = True
                break
            ready, _, _ = select.select([ctl_r], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(ctl_r, 65536)
            if not chunk:
                break
            buf += chunk
            if len(buf) > _CONTROL_CAP:
                overflow = True
                break
            if not sent and buf.startswith(b"imported\n"):
                sent = True
                shutil.copyfile(problem.hidden_tests_path, work / "test_hidden.py")
                try:
                    assert proc.stdin is not None
                    proc.stdin.write(token.encode() + b"\n")
                    proc.stdin.close()
                except OSError:
                    pass
        if killed or overflow:
            _kill_group(proc)
        try:
            code = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            killed = True
            _kill_group(proc)
            code = proc.wait()
    finally:
        _kill_group(proc)  # stray children of the candidate share its session
        os.close(ctl_r)
        if proc.stdin is not None and not proc.stdin.closed:
            try:
                proc.stdin.close()
            except OSError:
                pass
    if overflow:
        return "output_limit", "control channel flooded"
    result = _result(buf, token if sent else "")
    if killed:
        return "timeout", f"wall-clock limit of {wall:.1f} s"
    if code < 0:
        return _signal_reason(code, killed)
    if result is not None:
        return result
    if log.exists() and log.stat().st_size >= limits.output_mb << 20:
        return "output_limit", f"output reached {limits.output_mb} MB"
    return "crash", f"exited with status {code} without a result; {_tail(log)}".strip("; ")


def _result(buf: bytes, token: str) -> tuple[str, str] | None:
    """The harness's verdict: the last JSON line carrying the expected token."""
    for line in reversed(buf.splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if not isinstance(data, dict) or data.get("reason") not in REASONS:
            continue
        if data.get("token") == token and (token or data["reason"] != "passed"):
            return str(data["reason"]), str(data.get("detail", ""))
    return None


def run_many(jobs_list: Iterable[tuple[Problem, str | bytes]], *, jobs: int = 2,
             limits: Limits | None = None,
             progress: Callable[[Attempt], None] | None = None) -> list[Attempt]:
    """Run many attempts in parallel.

    Args:
        jobs_list: ``(problem, source)`` pairs.
        jobs: Attempts running at once.
        limits: Resource limits for every attempt.
        progress: Called with each attempt as it finishes.

    Returns:
        Attempts in the order of ``jobs_list``.
    """
    pairs = list(jobs_list)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_attempt, p, s, limits) for p, s in pairs]
        out = []
        for future in futures:
            out.append(future.result())
            if progress is not None:
                progress(out[-1])
    return out
