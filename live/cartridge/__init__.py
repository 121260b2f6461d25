"""Cartridges: small WASM apps run by wasmtime and served as (paid) HTTP endpoints.

Host ABI (the seed's, ``tempo-x402-cartridge``; imports in module ``x402``, also in ``env``
with an ``x402_`` prefix). Pointers and lengths are i32; a packed value is an i64
``ptr << 32 | len``:

* ``log(level, ptr, len)``: levels 0 debug, 1 info, 2 warn, else error.
* ``kv_get(key_ptr, key_len) -> i64``: packed value, 0 if the key is missing.
* ``kv_set(key_ptr, key_len, val_ptr, val_len) -> i32``: 0, or -1 when a KV limit refuses.
* ``payment_info() -> i64``: packed JSON ``{payer, amount, tx_hash, settled, asset,
  network, nonce}`` (:class:`Payment`), or ``null`` on a free request. Behind the gateway
  the payment is verified and claimed but not settled yet: ``tx_hash`` is "" and
  ``settled`` false.
* ``response(status, body_ptr, body_len, ct_ptr, ct_len)``: the answer; an empty content
  type means ``application/json``; the last call wins.

The guest exports ``memory``, ``x402_handle(req_ptr, req_len)`` and optionally
``x402_alloc(size) -> i32``, which the host calls to place the request and the values it
returns (without it the host grows memory and writes past the old end). The request is
JSON ``{method, path, headers, payment, body}``, ``body`` last. ABI v2's ``call`` (one
cartridge calling another) is **not** provided: a module importing it fails to compile.

Limits (:class:`Limits`, per call unless noted): fuel 100 M; linear memory 64 MiB
(``memory.grow`` past it returns -1); wall-clock 10 s by epoch interruption (one ticker
thread per host); request and response 1 MiB; 16 KiB of logs (the rest is dropped);
KV keys ≤ 256 B, values ≤ 64 KiB, ≤ 1,024 keys and ≤ 1 MiB per cartridge. Every pointer
the host reads is bounds-checked against the current memory; a misuse traps that call
only, and any failure becomes a 500 result (504 on timeout) with a reason, never an
exception in the server. KV writes of a call are committed only if the call completes.

Modules: :mod:`.abi` (request/result types), :mod:`.limits`, :mod:`.guest` (host
imports), :mod:`.host_wasmtime` (:class:`CartridgeHost`), :mod:`.kv_sqlite`,
:mod:`.manifest`, :mod:`.templates`, :mod:`.toolchain`, :mod:`.store`
(:class:`CartridgeStore`), :mod:`.sandbox_wasmtime` (the Sandbox port),
:mod:`.router_fastapi` (HTTP).
"""

from __future__ import annotations

from live.cartridge.abi import CallResult, CartridgeRequest, Payment
from live.cartridge.errors import CartridgeError, CartridgeNotFound, CompileError
from live.cartridge.host_wasmtime import CartridgeHost
from live.cartridge.kv_sqlite import SqliteKv
from live.cartridge.limits import Limits
from live.cartridge.manifest import Manifest, check_slug
from live.cartridge.sandbox_wasmtime import WasmSandbox, WasmtimeSandbox
from live.cartridge.store import CartridgeStore, SelfTest
from live.cartridge.templates import TEMPLATES

__all__ = [
    "TEMPLATES",
    "CallResult",
    "CartridgeError",
    "CartridgeHost",
    "CartridgeNotFound",
    "CartridgeRequest",
    "CartridgeStore",
    "CompileError",
    "Limits",
    "Manifest",
    "Payment",
    "SelfTest",
    "SqliteKv",
    "WasmSandbox",
    "WasmtimeSandbox",
    "check_slug",
]
