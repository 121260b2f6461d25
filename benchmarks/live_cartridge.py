"""Cartridge call latency: the echo and counter templates against plain Python.

Prints p50/p99 in µs of ``CartridgeHost.call`` for each template, and of a direct Python
function doing the same work in the same run (echo: encode the request and cut its body
out; counter: read, increment and commit the count through the same SQLite KV), with
the ratio cartridge/Python. Usage: python benchmarks/live_cartridge.py [--calls 3000]
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is benchmarks/live.py: as a script its folder comes first on sys.path and would
# shadow the ``live`` package. Drop it (the benchmarks import nothing from their folder).
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE]

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from live.cartridge import CartridgeHost, CartridgeRequest, SqliteKv
from live.cartridge.kv_sqlite import KvSession
from live.cartridge.templates import TEMPLATES


def timings(fn: Callable[[], object], calls: int) -> np.ndarray:
    for _ in range(min(200, calls)):  # warm caches, the module cache and the ticker
        fn()
    out = np.empty(calls)
    for i in range(calls):
        t0 = time.perf_counter_ns()
        fn()
        out[i] = time.perf_counter_ns() - t0
    return out / 1000.0


def python_echo(request: CartridgeRequest) -> bytes:
    return json.dumps(json.loads(request.encode())["body"]).encode()


def python_counter(kv: SqliteKv, limits) -> bytes:
    session = KvSession(kv, "py-counter", limits)
    n = int(session.get(b"count") or b"0") + 1
    session.set(b"count", str(n).encode())
    session.commit()
    return json.dumps({"count": n}).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=3000)
    args = parser.parse_args()
    request = CartridgeRequest("POST", "/", "hello, cartridge", {"accept": "*/*"})
    with tempfile.TemporaryDirectory() as tmp:
        kv = SqliteKv(Path(tmp) / "kv.sqlite")
        with CartridgeHost(kv) as host:
            for name in ("echo", "counter"):
                host.install(name, TEMPLATES[name].source)
            assert host.call("echo", request).body == python_echo(request)
            rows = {
                "echo": (
                    timings(lambda: host.call("echo", request), args.calls),
                    timings(lambda: python_echo(request), args.calls),
                ),
                "counter": (
                    timings(lambda: host.call("counter", request), args.calls),
                    timings(lambda: python_counter(kv, host.limits), args.calls),
                ),
            }
        kv.close()
    print(f"cartridge call latency, {args.calls} calls each (µs)")
    print(f"{'':8} {'wasm p50':>9} {'wasm p99':>9} {'py p50':>8} {'py p99':>8} "
          f"{'p50 ratio':>9} {'p99 ratio':>9}")
    for name, (wasm, py) in rows.items():
        w50, w99 = np.percentile(wasm, [50, 99])
        p50, p99 = np.percentile(py, [50, 99])
        print(f"{name:8} {w50:9.1f} {w99:9.1f} {p50:8.1f} {p99:8.1f} "
              f"{w50 / p50:9.1f} {w99 / p99:9.1f}")


if __name__ == "__main__":
    main()
