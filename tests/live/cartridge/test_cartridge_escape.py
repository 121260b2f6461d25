"""Hostile cartridges against real wasmtime: each fails cleanly, and the host carries on."""

from __future__ import annotations

import time

import pytest

from live.cartridge import CartridgeHost, CartridgeRequest, Limits
from tests.live.cartridge.conftest import still_serves

pytestmark = pytest.mark.live

HANDLE = '(func (export "x402_handle") (param i32 i32) {body})'
IMPORTS = """
  (import "x402" "log" (func $log (param i32 i32 i32)))
  (import "x402" "kv_get" (func $kv_get (param i32 i32) (result i64)))
  (import "x402" "kv_set" (func $kv_set (param i32 i32 i32 i32) (result i32)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
"""


def guest(body: str, extra: str = "") -> str:
    """A module whose x402_handle runs ``body``.

    It has no x402_alloc, so the host grows its one page by one for the request: memory is
    then 2 pages (131,072 bytes), and 200,000 is out of bounds.
    """
    return (
        f'(module {IMPORTS} (memory (export "memory") 1) {extra} '
        + HANDLE.format(body=body)
        + ")"
    )


def respond(*args: int) -> str:
    """A call of ``response(status, body_ptr, body_len, ct_ptr, ct_len)``."""
    return "(call $response " + " ".join(f"(i32.const {a})" for a in args) + ")"


def run(host, wat: str, slug: str = "bad"):
    host.install(slug, wat)
    return host.call(slug, CartridgeRequest(body="x"))


def test_infinite_loop_runs_out_of_fuel(host):
    result = run(host, guest("(loop $l (br $l))"))
    assert result.error == "fuel" and result.status == 500
    assert "fuel" in result.reason
    assert result.fuel_used >= host.limits.fuel
    assert still_serves(host)


def test_memory_growth_past_the_cap_is_refused(host):
    # Grow 100 pages at a time until refused; answer how many pages it got.
    body = """
      (local $pages i32)
      (block $refused (loop $more
        (br_if $refused (i32.eq (memory.grow (i32.const 100)) (i32.const -1)))
        (br $more)))
      (i32.store (i32.const 0) (memory.size))
      (call $response (i32.const 200) (i32.const 0) (i32.const 4) (i32.const 0) (i32.const 0))
    """
    result = run(host, guest(body))
    assert result.ok
    pages = int.from_bytes(result.body, "little")
    assert pages * 65536 <= host.limits.memory_bytes
    assert pages > 900  # it really grew, up to the cap (1024 pages)
    assert still_serves(host)


def test_memory_larger_than_the_cap_at_start_fails_to_instantiate(host):
    result = run(host, '(module (memory (export "memory") 2000) ' + HANDLE.format(body="") + ")")
    assert result.error == "memory" and result.status == 500
    assert still_serves(host)


def test_deep_recursion_overflows_the_stack(host):
    extra = (
        "(func $down (param i32) (result i32)"
        " (call $down (i32.add (local.get 0) (i32.const 1))))"
    )
    result = run(host, guest("(drop (call $down (i32.const 0)))", extra))
    assert result.error == "stack_overflow"
    assert still_serves(host)


def test_out_of_bounds_load_traps(host):
    result = run(host, guest("(drop (i32.load (i32.const 200000)))"))
    assert result.error == "memory"
    assert still_serves(host)


@pytest.mark.parametrize(
    "call",
    [
        "(call $log (i32.const 1) (i32.const 131000) (i32.const 100))",  # runs past the end
        "(call $log (i32.const 1) (i32.const 0) (i32.const -1))",  # negative length
        "(call $log (i32.const 1) (i32.const -16) (i32.const 4))",  # pointer near 4 GiB
        "(drop (call $kv_get (i32.const 0) (i32.const 0x7fffffff)))",
        "(drop (call $kv_set (i32.const 0) (i32.const 3) (i32.const 131071) (i32.const 2)))",
        "(drop (call $kv_set (i32.const -1) (i32.const 3) (i32.const 0) (i32.const 2)))",
        "(call $response (i32.const 200) (i32.const 0) (i32.const 0x7fffffff) "
        "(i32.const 0) (i32.const 0))",
        "(call $response (i32.const 200) (i32.const 0) (i32.const 4) "
        "(i32.const 200000) (i32.const 10))",
    ],
)
def test_abi_misuse_traps_the_call_with_a_reason(host, call):
    result = run(host, guest(call))
    assert result.error == "abi" and result.status == 500
    assert "outside memory" in result.reason or "negative length" in result.reason
    assert still_serves(host)


def test_response_refuses_a_bad_status_and_header_injection(host):
    bad_status = respond(9999, 0, 0, 0, 0)
    assert run(host, guest(bad_status)).error == "response"
    inject = '(data (i32.const 0) "text/plain\\r\\nx-evil: 1")'
    call = respond(200, 0, 0, 0, 22)
    result = run(host, guest(call, inject))
    assert result.error == "response" and "printable" in result.reason
    assert still_serves(host)


def test_response_body_over_the_limit_traps(kv):
    with CartridgeHost(kv, limits=Limits(max_response_bytes=100)) as host:
        call = respond(200, 0, 101, 0, 0)
        result = run(host, guest(call))
        assert result.error == "response" and "limit" in result.reason


def test_log_flood_is_truncated_not_fatal(host):
    body = """
      (local $i i32)
      (loop $l
        (call $log (i32.const 1) (i32.const 0) (i32.const 1000))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
      (call $response (i32.const 200) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
    """
    result = run(host, guest(body))
    assert result.ok
    assert sum(len(text) for _, text in result.logs) <= host.limits.max_log_bytes


FLOOD = """
  (local $i i32) (local $refused i32)
  (loop $l
    (i32.store (i32.const 0) (local.get $i))
    (if (i32.ne (call $kv_set (i32.const 0) (i32.const 4) (i32.const 64) (i32.const {size}))
                (i32.const 0))
      (then (local.set $refused (i32.add (local.get $refused) (i32.const 1)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $l (i32.lt_u (local.get $i) (i32.const {count}))))
  (i32.store (i32.const 0) (local.get $refused))
  (call $response (i32.const 200) (i32.const 0) (i32.const 4) (i32.const 0) (i32.const 0))
"""


def refused(result) -> int:
    assert result.ok, result.reason
    return int.from_bytes(result.body, "little")


def test_kv_flooding_many_keys_is_refused_after_the_limit(kv, tmp_path):
    limits = Limits(max_keys=100, max_kv_bytes=1 << 20)
    with CartridgeHost(kv, limits=limits) as host:
        result = run(host, guest(FLOOD.format(size=8, count=5000)), slug="flood")
        assert refused(result) == 5000 - 100
        assert kv.usage("flood") == (100, 100 * (4 + 8))
        # a second call may overwrite its 100 keys, but adds none
        assert refused(host.call("flood", CartridgeRequest())) == 5000 - 100
        assert kv.usage("flood") == (100, 100 * (4 + 8))
    assert (tmp_path / "kv.sqlite").stat().st_size < 200_000


def test_kv_flooding_with_huge_values_is_bounded_in_bytes(kv, tmp_path):
    limits = Limits(max_value_bytes=60_000, max_kv_bytes=200_000)
    with CartridgeHost(kv, limits=limits) as host:
        # values of 60,000 bytes: three fit in 200,000 bytes, the rest is refused
        result = run(host, guest(FLOOD.format(size=60_000, count=50)), slug="flood")
        assert refused(result) == 47
        # a value over max_value_bytes is refused outright
        too_big = guest(FLOOD.format(size=60_001, count=1))
        assert refused(run(host, too_big, slug="big")) == 1
    _, size = kv.usage("flood")
    assert size <= 200_000
    assert (tmp_path / "kv.sqlite").stat().st_size < 1_000_000


def test_wall_clock_timeout_stops_a_loop_with_plenty_of_fuel(kv, store):
    limits = Limits(fuel=10**15, timeout=0.2)
    with CartridgeHost(kv, store=store, limits=limits) as host:
        host.install("good", _echo())
        t0 = time.perf_counter()
        result = run(host, guest("(loop $l (br $l))"))
        elapsed = time.perf_counter() - t0
        assert result.error == "timeout" and result.status == 504
        assert 0.15 < elapsed < 1.5
        assert still_serves(host)


def test_a_module_importing_an_unknown_function_does_not_load(host):
    from live.cartridge import CompileError

    wat = '(module (import "x402" "call" (func (param i32 i32 i32 i32) (result i64))) ' \
          '(memory (export "memory") 1) ' + HANDLE.format(body="") + ")"
    with pytest.raises(CompileError, match="call"):
        host.install("caller", wat)
    assert still_serves(host)


def test_a_guest_that_never_answers_gets_no_response(host):
    result = run(host, guest(""))
    assert result.error == "no_response" and result.status == 500


def _echo() -> str:
    from live.cartridge.templates import TEMPLATES

    return TEMPLATES["echo"].source


def test_concurrent_calls_lose_no_counts_and_faults_stay_in_their_call(host):
    from concurrent.futures import ThreadPoolExecutor

    from live.cartridge.templates import TEMPLATES

    host.install("hits", TEMPLATES["counter"].source)
    host.install("bad", guest("(call $log (i32.const 1) (i32.const 0) (i32.const -1))"))

    def one(i: int):
        slug = ("hits", "bad", "good")[i % 3]
        return slug, host.call(slug, CartridgeRequest(body="still here"))

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(150)))
    assert all(r.error == "abi" for s, r in results if s == "bad")
    assert all(r.ok for s, r in results if s != "bad")
    assert host.kv.get("hits", b"count") == b"50"
