"""Source → WASM: WAT needs nothing; C and Rust need a toolchain found on this machine.

* WAT: wasmtime's own ``wat2wasm``.
* C: ``clang --target=wasm32-unknown-unknown`` (Debian ``clang lld``: ``make toolchain-c``),
  else ``python -m ziglang cc`` if the ``ziglang`` package is installed.
* Rust: ``rustc --target wasm32-unknown-unknown`` (Debian ``rustc libstd-rust-dev-wasm32``;
  rustup's rustc has no wasm32 standard library offline).

A missing toolchain is a :class:`CompileError` whose hint says what to install.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import wasmtime as wt

from live.cartridge.errors import CompileError

C_FLAGS = ["-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-dynamic"]
C_HINT = "install a C toolchain for wasm32: `make toolchain-c` (apt-get install clang lld)"
RUST_HINT = (
    "install Debian's Rust with the wasm32 standard library: "
    "`apt-get install rustc libstd-rust-dev-wasm32` (rustup's needs a download)"
)
MAX_OUTPUT = 2000


def c_compiler() -> list[str] | None:
    """The command line prefix of an available wasm32 C compiler, or ``None``."""
    clang = shutil.which("clang")
    if clang is not None:
        return [clang, "--target=wasm32-unknown-unknown"]
    if importlib.util.find_spec("ziglang") is not None:
        return [sys.executable, "-m", "ziglang", "cc", "--target=wasm32-freestanding"]
    return None


def to_wasm(language: str, source: Path, out: Path, *, timeout: float = 120.0) -> bytes:
    """Compile ``source`` and return the module's bytes (also written to ``out``).

    Raises:
        CompileError: on a syntax error, a missing toolchain (with the install hint)
            or a compiler that fails or times out.
    """
    if language == "wat":
        try:
            wasm = bytes(wt.wat2wasm(source.read_text()))
        except wt.WasmtimeError as exc:
            raise CompileError(f"{source.name}: {_short(str(exc))}") from exc
        out.write_bytes(wasm)
        return wasm
    if language == "c":
        cc = c_compiler()
        if cc is None:
            raise CompileError("no C compiler for wasm32 found (clang or ziglang)", C_HINT)
        _run([*cc, *C_FLAGS, "-o", str(out), str(source)], timeout, C_HINT)
    elif language == "rust":
        rustc = shutil.which("rustc")
        if rustc is None:
            raise CompileError("no rustc found", RUST_HINT)
        flags = ["--crate-type", "cdylib", "-C", "opt-level=s", "-C", "panic=abort"]
        _run([rustc, "--target", "wasm32-unknown-unknown", *flags, "-o", str(out), str(source)],
             timeout, RUST_HINT)
    else:
        raise CompileError(f"language {language!r} has no compiler", "use wat, c or rust")
    return out.read_bytes()


def _run(cmd: list[str], timeout: float, hint: str) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CompileError(f"{Path(cmd[0]).name} took more than {timeout} s") from exc
    if done.returncode != 0:
        text = _short(done.stderr or done.stdout)
        missing = any(s in text for s in ("E0463", "wasm-ld", "unknown target"))
        raise CompileError(f"{Path(cmd[0]).name} failed: {text}", hint if missing else "")


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_OUTPUT else text[:MAX_OUTPUT] + " …"
