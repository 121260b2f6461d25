"""The cartridge host: compiled modules cached per slug, one fresh store per call.

A call gets a new :class:`wasmtime.Store` (≈0.07 ms) with fuel, a memory limit and an
epoch deadline, instantiates the cartridge's pre-linked module and calls
``x402_handle(req_ptr, req_len)``. One ticker thread per host advances the engine's epoch
every ``tick`` seconds, so the wall-clock timeout costs no thread per call. Calls to one
slug are serialized (its KV reads and writes are then a transaction); different slugs run
concurrently. :meth:`CartridgeHost.call` raises only :class:`CartridgeNotFound`: a trap,
an ABI misuse or a host bug becomes a :class:`CallResult` with status 500 (504 for a
timeout) and a reason.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import wasmtime as wt

from live.cartridge import abi, guest
from live.cartridge.abi import CallResult, CartridgeRequest
from live.cartridge.errors import CartridgeNotFound, CompileError
from live.cartridge.kv_sqlite import KvSession, SqliteKv
from live.cartridge.limits import Limits

if TYPE_CHECKING:
    from live.cartridge.store import CartridgeStore

log = logging.getLogger("live.cartridge")

_TRAPS = {
    wt.TrapCode.OUT_OF_FUEL: "fuel",
    wt.TrapCode.INTERRUPT: "timeout",
    wt.TrapCode.STACK_OVERFLOW: "stack_overflow",
    wt.TrapCode.MEMORY_OUT_OF_BOUNDS: "memory",
}


class _Ticker:
    """A daemon thread that advances an engine's epoch every ``period`` seconds."""

    def __init__(self, engine: wt.Engine, period: float) -> None:
        self.engine = engine
        self.period = period
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def ensure_running(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="cartridge-epoch", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            self.engine.increment_epoch()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


class CartridgeHost:
    """Runs compiled cartridges under fuel, memory, time and KV limits.

    Args:
        kv: The node's KV database.
        store: Where compiled cartridges are found by slug (optional: modules can also
            be given with :meth:`install`). A recompiled file is reloaded on the next call.
        limits: Limits of every call.
        tick: Seconds between epoch ticks (the timeout's resolution).
    """

    def __init__(
        self,
        kv: SqliteKv,
        *,
        store: CartridgeStore | None = None,
        limits: Limits | None = None,
        tick: float = 0.005,
    ) -> None:
        self.kv = kv
        self.store = store
        self.limits = limits or Limits()
        config = wt.Config()
        config.consume_fuel = True
        config.epoch_interruption = True
        self.engine = wt.Engine(config)
        self._linker = guest.linker(self.engine)
        self._ticker = _Ticker(self.engine, tick)
        self._deadline = max(1, math.ceil(self.limits.timeout / tick))
        self._modules: dict[str, tuple[wt.InstancePre, tuple[int, int] | None]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def __enter__(self) -> CartridgeHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the epoch ticker (the KV database belongs to the caller)."""
        self._ticker.stop()

    def install(self, slug: str, wasm: bytes | str) -> None:
        """Compile ``wasm`` (binary, or WAT text) and serve it as ``slug`` until replaced.

        Raises:
            CompileError: if it does not compile or needs imports the host lacks.
        """
        pre = self._prelink(slug, wasm)
        with self._guard:
            self._modules[slug] = (pre, None)

    def forget(self, slug: str) -> None:
        """Drop the cached module of ``slug``."""
        with self._guard:
            self._modules.pop(slug, None)

    def knows(self, slug: str) -> bool:
        """Whether ``slug`` can be called (installed, or compiled in the store)."""
        try:
            self._module(slug)
        except CartridgeNotFound:
            return False
        except CompileError:
            return True
        return True

    def call(
        self, slug: str, request: CartridgeRequest, *, commit: bool = True
    ) -> CallResult:
        """Invoke ``slug``'s ``x402_handle`` with ``request``.

        Args:
            slug: The cartridge.
            request: The request handed to the guest.
            commit: Keep the call's KV writes (``False`` for self-tests and dry runs).

        Raises:
            CartridgeNotFound: if no module is known under ``slug``.
        """
        t0 = time.perf_counter()
        try:
            pre = self._module(slug)
        except CompileError as exc:
            return CallResult.failure("load", str(exc), duration=time.perf_counter() - t0)
        payload = request.encode()
        if len(payload) > self.limits.max_request_bytes:
            reason = f"request of {len(payload)} bytes over {self.limits.max_request_bytes}"
            return CallResult.failure("request", reason, duration=time.perf_counter() - t0)
        self._ticker.ensure_running()
        with self._lock(slug):
            state = guest.CallState(
                slug, self.limits, KvSession(self.kv, slug, self.limits),
                abi.payment_json(request.payment),
            )
            store = wt.Store(self.engine)
            store.set_fuel(self.limits.fuel)
            store.set_epoch_deadline(self._deadline)
            store.set_limits(memory_size=self.limits.memory_bytes, instances=1, memories=1)
            failure = self._run(store, pre, state, payload)
            fuel = self.limits.fuel - store.get_fuel()
            logs = tuple(state.logs)
            if failure is None and state.status is None:
                failure = ("no_response", "x402_handle returned without calling response")
            if failure is not None:
                return CallResult.failure(
                    *failure, fuel_used=fuel, duration=time.perf_counter() - t0, logs=logs
                )
            if commit:
                state.kv.commit()
        return CallResult(
            state.status or 500, state.body, state.content_type, None, "", fuel,
            time.perf_counter() - t0, logs,
        )

    def _run(
        self, store: wt.Store, pre: wt.InstancePre, state: guest.CallState, payload: bytes
    ) -> tuple[str, str] | None:
        """Instantiate and call the guest; ``(kind, reason)`` when it failed."""
        guest.begin(state)
        try:
            exports = pre.instantiate(store).exports(store)
            mem = exports.get(abi.MEMORY_EXPORT)
            handle = exports.get(abi.HANDLE_EXPORT)
            if not isinstance(mem, wt.Memory) or not isinstance(handle, wt.Func):
                return ("abi", "the module must export memory and x402_handle")
            packed = guest.write(store, mem, exports.get(abi.ALLOC_EXPORT), state, payload)
            handle(store, *abi.unpack(packed))
        except (guest.Fault, wt.Trap, wt.WasmtimeError) as exc:
            return _classify(state, exc, self.limits)
        except Exception as exc:  # a host bug must not reach the server: report it, loudly
            if state.fault is not None:
                return (state.fault.kind, state.fault.reason)
            log.exception("cartridge %s: host error", state.slug)
            return ("host_error", type(exc).__name__)
        finally:
            guest.end()
        return None

    def _lock(self, slug: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(slug, threading.Lock())

    def _module(self, slug: str) -> wt.InstancePre:
        with self._guard:
            cached = self._modules.get(slug)
        if cached is not None and cached[1] is None:
            return cached[0]
        path = self._path(slug)
        try:
            st = path.stat()
        except OSError as exc:
            raise CartridgeNotFound(slug, "not compiled") from exc
        stamp = (st.st_mtime_ns, st.st_size)
        if cached is not None and cached[1] == stamp:
            return cached[0]
        pre = self._prelink(slug, path.read_bytes())
        with self._guard:
            self._modules[slug] = (pre, stamp)
        return pre

    def _path(self, slug: str) -> Path:
        if self.store is None:
            raise CartridgeNotFound(slug, "not installed")
        return self.store.wasm_path(slug)

    def _prelink(self, slug: str, wasm: bytes | str) -> wt.InstancePre:
        try:
            module = wt.Module(self.engine, wasm)
            return self._linker.instantiate_pre(module)
        except wt.WasmtimeError as exc:
            raise CompileError(f"{slug}: {_first_line(str(exc))}") from exc


def _classify(state: guest.CallState, exc: Exception, limits: Limits) -> tuple[str, str]:
    """The failure kind and reason of a call that raised ``exc``."""
    if state.fault is not None:  # this call's own fault, whatever wasmtime re-raised
        return (state.fault.kind, state.fault.reason)
    text = _trap_text(exc.message if isinstance(exc, wt.Trap) else str(exc))
    code = exc.trap_code if isinstance(exc, wt.Trap) else None
    kind = "trap" if code is None else _TRAPS.get(code, "trap")
    if kind == "fuel":
        return (kind, f"fuel exhausted: more than {limits.fuel} units")
    if kind == "timeout":
        return (kind, f"wall-clock timeout: more than {limits.timeout} s")
    if kind == "trap" and "memory" in text and "limit" in text:
        kind = "memory"
    return (kind, text)


def _trap_text(text: str) -> str:
    """The telling line of a wasmtime message (``wasm trap: ...`` when there is one)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("wasm trap:"):
            return line
    return lines[-1] if lines else "unknown"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown"
