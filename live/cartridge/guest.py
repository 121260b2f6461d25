"""The host imports a guest calls, with every pointer and length bounds-checked.

Each import finds the state of its call in a thread-local (a wasmtime call runs on the
calling thread), so one :class:`wasmtime.Linker` and one pre-linked module per cartridge
serve every call. A misuse (an out-of-bounds pointer, a negative length, an oversize
response) records a :class:`Fault` on the call and raises it, which traps that call only;
the host turns the fault into a clean error result. A KV limit is not a fault: ``kv_set``
returns -1 and the guest carries on.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import wasmtime as wt

from live.cartridge import abi
from live.cartridge.kv_sqlite import KvSession
from live.cartridge.limits import Limits

log = logging.getLogger("live.cartridge")

PAGE = 65536
U32 = 0xFFFFFFFF
MAX_CONTENT_TYPE = 128
_CONTENT_TYPE = re.compile(rb"[!-~][ -~]*")  # visible ASCII and spaces: no header injection


class Fault(Exception):
    """A guest broke the ABI or a hard limit; raised inside an import, it traps the call.

    Attributes:
        kind: Result error kind (``abi``, ``memory``, ``response``).
        reason: What the guest did wrong.
    """

    def __init__(self, kind: str, reason: str) -> None:
        self.kind = kind
        self.reason = reason
        super().__init__(f"{kind}: {reason}")


@dataclass(slots=True)
class CallState:
    """Everything one invocation accumulates."""

    slug: str
    limits: Limits
    kv: KvSession
    payment: bytes
    status: int | None = None
    body: bytes = b""
    content_type: str = abi.DEFAULT_CONTENT_TYPE
    logs: list[tuple[int, str]] = field(default_factory=list)
    log_bytes: int = 0
    fault: Fault | None = None

    def fail(self, kind: str, reason: str) -> Fault:
        """Record the call's fault (the first one wins) and return it to raise."""
        fault = Fault(kind, reason)
        if self.fault is None:
            self.fault = fault
        return fault


_local = threading.local()


def begin(state: CallState) -> None:
    """Make ``state`` the current call of this thread."""
    _local.call = state


def end() -> None:
    """No call is current on this thread any more."""
    _local.call = None


def _state() -> CallState:
    state: CallState | None = getattr(_local, "call", None)
    if state is None:
        raise Fault("abi", "host import called outside a cartridge call")
    return state


def _memory(caller: wt.Caller, state: CallState) -> wt.Memory:
    mem = caller.get(abi.MEMORY_EXPORT)
    if not isinstance(mem, wt.Memory):
        raise state.fail("abi", "the guest exports no memory")
    return mem


def span(store: Any, mem: wt.Memory, state: CallState, ptr: int, n: int, what: str) -> int:
    """Check that ``[ptr, ptr + n)`` lies in memory; returns ``ptr`` as unsigned."""
    start = ptr & U32
    if n < 0:
        raise state.fail("abi", f"{what}: negative length {n}")
    size = mem.data_len(store)
    if start + n > size:
        raise state.fail("abi", f"{what}: [{start}, {start + n}) outside memory of {size} bytes")
    return start


def read(store: Any, mem: wt.Memory, state: CallState, ptr: int, n: int, what: str) -> bytes:
    """Copy ``n`` guest bytes at ``ptr`` after checking the bounds."""
    start = span(store, mem, state, ptr, n, what)
    return bytes(mem.read(store, start, start + n)) if n else b""


def write(store: Any, mem: wt.Memory, alloc: Any, state: CallState, data: bytes) -> int:
    """Place ``data`` in guest memory; returns the packed ``ptr << 32 | len``.

    With ``x402_alloc`` the guest chooses where; without it, memory grows and the data
    goes past the old end (the seed writes the request at offset 0, which can clobber
    the guest's data, so we do not).
    """
    n = len(data)
    if isinstance(alloc, wt.Func):
        ptr = alloc(store, n) & U32
        if ptr == 0:
            raise state.fail("memory", f"x402_alloc({n}) returned 0")
    else:
        try:
            ptr = mem.grow(store, max(1, -(-n // PAGE))) * PAGE
        except wt.WasmtimeError as exc:
            raise state.fail("memory", f"cannot grow memory for {n} bytes") from exc
    span(store, mem, state, ptr, n, "x402_alloc result")
    if n:
        mem.write(store, data, ptr)
    return abi.pack(ptr, n)


def _log(caller: wt.Caller, level: int, ptr: int, n: int) -> None:
    state = _state()
    mem = _memory(caller, state)
    span(caller, mem, state, ptr, n, "log")
    room = state.limits.max_log_bytes - state.log_bytes
    if room <= 0:
        return
    text = read(caller, mem, state, ptr, min(n, room), "log").decode("utf-8", "replace")
    state.log_bytes += min(n, room)
    state.logs.append((level, text))
    log.debug("cartridge %s [%s] %s", state.slug, abi.LOG_LEVELS.get(level, "error"), text)


def _kv_get(caller: wt.Caller, kp: int, kl: int) -> int:
    state = _state()
    mem = _memory(caller, state)
    key = read(caller, mem, state, kp, kl, "kv_get key")
    value = state.kv.get(key)
    if value is None:
        return 0
    return write(caller, mem, caller.get(abi.ALLOC_EXPORT), state, value)


def _kv_set(caller: wt.Caller, kp: int, kl: int, vp: int, vl: int) -> int:
    state = _state()
    mem = _memory(caller, state)
    span(caller, mem, state, kp, kl, "kv_set key")
    span(caller, mem, state, vp, vl, "kv_set value")
    lim = state.limits
    if kl > lim.max_key_bytes or vl > lim.max_value_bytes:
        return -1
    key = read(caller, mem, state, kp, kl, "kv_set key")
    value = read(caller, mem, state, vp, vl, "kv_set value")
    return 0 if state.kv.set(key, value) else -1


def _payment_info(caller: wt.Caller) -> int:
    state = _state()
    mem = _memory(caller, state)
    return write(caller, mem, caller.get(abi.ALLOC_EXPORT), state, state.payment)


def _response(caller: wt.Caller, status: int, bp: int, bl: int, cp: int, cl: int) -> None:
    state = _state()
    mem = _memory(caller, state)
    if not 100 <= status <= 599:
        raise state.fail("response", f"status {status} is not an HTTP status")
    span(caller, mem, state, bp, bl, "response body")
    if bl > state.limits.max_response_bytes:
        raise state.fail(
            "response", f"body of {bl} bytes over the limit {state.limits.max_response_bytes}"
        )
    span(caller, mem, state, cp, cl, "response content type")
    if cl > MAX_CONTENT_TYPE:
        raise state.fail("response", f"content type of {cl} bytes (at most {MAX_CONTENT_TYPE})")
    ctype = read(caller, mem, state, cp, cl, "response content type")
    if ctype and not _CONTENT_TYPE.fullmatch(ctype):
        raise state.fail("response", "content type must be printable ASCII")
    state.status = status
    state.body = read(caller, mem, state, bp, bl, "response body")
    state.content_type = ctype.decode() if ctype else abi.DEFAULT_CONTENT_TYPE


_SIGNATURES: dict[str, tuple[Callable[..., Any], list[str], list[str]]] = {
    "log": (_log, ["i32", "i32", "i32"], []),
    "kv_get": (_kv_get, ["i32", "i32"], ["i64"]),
    "kv_set": (_kv_set, ["i32", "i32", "i32", "i32"], ["i32"]),
    "payment_info": (_payment_info, [], ["i64"]),
    "response": (_response, ["i32", "i32", "i32", "i32", "i32"], []),
}


def linker(engine: wt.Engine) -> wt.Linker:
    """A linker defining every import in ``x402`` and, prefixed, in ``env``.

    The function types are made here, per linker: in wasmtime 50 a ``FuncType`` belongs to
    the engine it was first used with, and reusing it with another engine aborts the process.
    """
    valtype = {"i32": wt.ValType.i32, "i64": wt.ValType.i64}
    link = wt.Linker(engine)
    for name, (func, params, results) in _SIGNATURES.items():
        for module, field_name in ((abi.IMPORT_MODULE, name),
                                   (abi.ALIAS_MODULE, abi.ALIAS_PREFIX + name)):
            ty = wt.FuncType([valtype[p]() for p in params], [valtype[r]() for r in results])
            link.define_func(module, field_name, ty, func, access_caller=True)
    return link
