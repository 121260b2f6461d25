"""Child-side harness of the sandboxed runner (stdlib and pytest only).

Run by :mod:`colony_sim.benchmark.runner` as ``python -I -B _harness.py SPEC_JSON``
with the working directory set to a fresh temporary directory that holds only
``solution.py``. The order matters:

1. set the resource limits (address space, CPU, processes, file size, open
   files) and, when started as root, drop to an unprivileged user;
2. import pytest (trusted) and install an audit hook that refuses sockets,
   process creation, signals to other processes, native code loading, writes
   outside the temporary directory and any access to the problem files;
3. import the candidate's ``solution`` module; the hidden tests are not on disk
   yet and not in this process's memory;
4. tell the parent ``imported`` on the control descriptor; the parent copies
   ``test_hidden.py`` in and answers with a one-time token on stdin;
5. run the hidden tests with ``pytest.main`` in this process and write one JSON
   line ``{"token", "reason", "detail", ...}`` on the control descriptor.

Every attempt the candidate makes against the sandbox is recorded even when the
candidate catches the ``PermissionError``; a recorded violation fails the attempt
with reason ``sandbox``. Limits set here instead of in ``preexec_fn`` because
``preexec_fn`` is unsafe when the parent runs attempts from several threads.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import sys
import threading

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_PROCESS_EVENTS = frozenset({
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "pty.spawn", "os.startfile",
})
_PATH_EVENTS = frozenset({
    "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.symlink", "os.link", "os.chmod",
    "os.chown", "os.truncate", "os.utime", "os.chflags", "os.lchflags", "os.mkfifo",
    "os.mknod", "shutil.rmtree", "shutil.copyfile", "shutil.copymode", "shutil.copystat",
    "shutil.move", "shutil.chown", "os.setxattr", "os.removexattr",
})
_LIST_EVENTS = frozenset({"os.listdir", "os.scandir", "glob.glob", "glob.glob/2"})


def _limit(spec: dict) -> None:
    pairs = [
        (resource.RLIMIT_AS, spec["memory_bytes"]),
        (resource.RLIMIT_CPU, spec["cpu_s"]),
        (resource.RLIMIT_FSIZE, spec["fsize_bytes"]),
        (resource.RLIMIT_NOFILE, spec["nofile"]),
        (resource.RLIMIT_CORE, 0),
    ]
    for which, value in pairs:
        resource.setrlimit(which, (value, value))
    if os.geteuid() == 0 and spec.get("uid") is not None:
        os.setgroups([])
        os.setgid(spec["gid"])
        os.setuid(spec["uid"])
    # RLIMIT_NPROC only binds an unprivileged user, hence after the drop.
    resource.setrlimit(resource.RLIMIT_NPROC, (spec["nproc"], spec["nproc"]))


class Guard:
    """The audit hook: refuses and records sandbox violations."""

    def __init__(self, work: str, forbidden: list[str]) -> None:
        self.work = os.path.realpath(work)
        self.forbidden = [os.path.realpath(p) for p in forbidden]
        self.violations: list[str] = []
        self.pid = os.getpid()

    def _inside(self, path: str, root: str) -> bool:
        return path == root or path.startswith(root + os.sep)

    def _resolve(self, path: object) -> str | None:
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str):
            return None
        return os.path.realpath(path)

    def _refuse(self, what: str) -> None:
        if len(self.violations) < 20:
            self.violations.append(what)
        raise PermissionError(f"sandbox: {what}")

    def _check_read(self, path: str) -> None:
        if any(self._inside(path, root) for root in self.forbidden):
            self._refuse(f"access to problem files ({path})")

    def _check_write(self, path: str) -> None:
        if path != os.devnull and not self._inside(path, self.work):
            self._refuse(f"write outside the temporary directory ({path})")

    def __call__(self, event: str, args: tuple) -> None:
        if event.startswith("socket."):
            self._refuse(f"network ({event})")
        elif event in _PROCESS_EVENTS:
            self._refuse(f"process creation ({event})")
        elif event in ("os.kill", "os.killpg"):
            if args and args[0] not in (self.pid, 0):
                self._refuse(f"signal to another process ({event})")
        elif event.startswith("ctypes.") and event != "ctypes.addressof":
            self._refuse(f"native code ({event})")
        elif event == "open":
            path = self._resolve(args[0])
            if path is None:
                return
            mode, flags = args[1], args[2]
            writing = (isinstance(flags, int) and flags & _WRITE_FLAGS) or (
                isinstance(mode, str) and any(c in mode for c in "wax+"))
            self._check_read(path)
            if writing:
                self._check_write(path)
        elif event in _PATH_EVENTS:
            for arg in args:
                path = self._resolve(arg)
                if path is not None:
                    self._check_read(path)
                    self._check_write(path)
        elif event in _LIST_EVENTS:
            path = self._resolve(args[0]) if args else None
            if path is not None:
                self._check_read(path)


def _report(ctl: int, token: str, reason: str, detail: str = "", **extra: object) -> None:
    line = json.dumps({"token": token, "reason": reason, "detail": detail[:500], **extra})
    os.write(ctl, line.encode() + b"\n")
    os._exit(0)  # skip atexit handlers the candidate may have registered


class _Recorder:
    """pytest plugin counting tests and classifying the first failure."""

    def __init__(self) -> None:
        self.collected = 0
        self.failed = 0
        self.memory = False
        self.output = False
        self.first: str = ""

    def pytest_collection_finish(self, session) -> None:
        self.collected = len(session.items)

    def pytest_runtest_makereport(self, item, call) -> None:
        if call.excinfo is not None and call.when == "call":
            exc = call.excinfo.value
            self.memory = self.memory or isinstance(exc, MemoryError)
            self.output = self.output or getattr(exc, "errno", None) == errno.EFBIG

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed:
            self.failed += 1
            if not self.first:
                self.first = f"{report.nodeid}: {str(report.longrepr)[-300:]}"


def main() -> None:
    """Run one attempt as described in the module docstring."""
    spec = json.loads(sys.argv[1])
    ctl, work = spec["ctl_fd"], spec["work"]
    _limit(spec)
    import pytest

    guard = Guard(work, spec["forbidden"])
    sys.addaudithook(guard)
    sys.path.insert(0, work)
    try:
        import solution  # noqa: F401  (the candidate)
    except MemoryError:
        _report(ctl, "", "memory", "MemoryError while importing the candidate")
    except BaseException as exc:  # noqa: BLE001  (anything the candidate raises)
        if getattr(exc, "errno", None) == errno.EFBIG:
            _report(ctl, "", "output_limit", "file-size limit reached while importing")
        reason = "sandbox" if guard.violations else "crash"
        detail = "; ".join(guard.violations) or f"import failed: {type(exc).__name__}: {exc}"
        _report(ctl, "", reason, detail)
    if guard.violations:
        _report(ctl, "", "sandbox", "; ".join(guard.violations))
    if threading.active_count() > 1:
        _report(ctl, "", "sandbox", "the candidate started a thread at import time")
    if not callable(getattr(sys.modules["solution"], spec["entry_point"], None)):
        _report(ctl, "", "wrong_answer", f"solution.py defines no {spec['entry_point']}()")
    os.chdir(work)
    os.write(ctl, b"imported\n")
    token = sys.stdin.readline().strip()
    recorder = _Recorder()
    try:
        code = pytest.main(["-q", "-x", "-p", "no:cacheprovider", "--rootdir", work,
                            "-c", os.devnull, "test_hidden.py"], plugins=[recorder])
    except MemoryError:
        _report(ctl, token, "memory", "MemoryError while running the hidden tests")
    except BaseException as exc:  # noqa: BLE001
        _report(ctl, token, "crash", f"{type(exc).__name__}: {exc}")
    extra = {"tests": recorder.collected, "failed": recorder.failed}
    if guard.violations:
        _report(ctl, token, "sandbox", "; ".join(guard.violations), **extra)
    if recorder.memory:
        _report(ctl, token, "memory", recorder.first, **extra)
    if recorder.output:
        _report(ctl, token, "output_limit", recorder.first, **extra)
    if int(code) == 0 and recorder.collected > 0 and recorder.failed == 0:
        _report(ctl, token, "passed", "", **extra)
    _report(ctl, token, "wrong_answer", recorder.first or f"pytest exit code {int(code)}",
            **extra)


if __name__ == "__main__":
    main()
