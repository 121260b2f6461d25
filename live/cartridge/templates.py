"""WAT cartridges an agent can instantiate by name, with no toolchain and no LLM.

Every template exports ``memory``, a bump allocator ``x402_alloc`` (its heap starts at
4096, above the constant data) and ``x402_handle``. Data layout: offset 0 holds
``application/json`` (16 bytes), the content type every template answers with.

* ``echo``: answers the request body as a JSON string (``"ping"`` for body ``ping``),
  found by scanning back from the end of the request for ``"body":`` (the host writes
  ``body`` last).
* ``counter``: increments the decimal KV value ``count`` and answers ``{"count":N}``;
  a refused ``kv_set`` answers 507.
* ``paid-info``: answers the ``payment_info`` JSON (``null`` on a free route).
"""

from __future__ import annotations

from dataclasses import dataclass

_ALLOC = """
  (global $heap (mut i32) (i32.const 4096))
  (func (export "x402_alloc") (param $size i32) (result i32)
    (local $ptr i32) (local $end i32)
    (if (i32.lt_s (local.get $size) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $ptr (global.get $heap))
    (local.set $end (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size))
                                      (i32.const 7)) (i32.const -8)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq (memory.grow (i32.sub (i32.shr_u (i32.add (local.get $end) (i32.const 65535))
                                                      (i32.const 16))
                                          (memory.size)))
                    (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (local.get $ptr))
"""

_ECHO = """(module
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "application/json")
  (data (i32.const 16) "\\"body\\":")
  (data (i32.const 32) "{\\"error\\":\\"no body\\"}")
  @ALLOC@
  ;; 1 when the 7 bytes at $p are "body": (with the quotes)
  (func $is_key (param $p i32) (result i32)
    (local $i i32)
    (block $differ
      (loop $next
        (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                               (i32.load8_u (i32.add (i32.const 16) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 7))))
      (return (i32.const 1)))
    (i32.const 0))
  (func (export "x402_handle") (param $req i32) (param $len i32)
    (local $p i32) (local $end i32)
    (local.set $end (i32.add (local.get $req) (local.get $len)))
    (local.set $p (i32.sub (local.get $end) (i32.const 7)))
    (block $found
      (loop $back
        (if (i32.lt_s (local.get $p) (local.get $req))
          (then
            (call $response (i32.const 400) (i32.const 32) (i32.const 19)
                            (i32.const 0) (i32.const 16))
            (return)))
        (br_if $found (call $is_key (local.get $p)))
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br $back)))
    ;; the JSON string after "body": up to the request's closing brace
    (local.set $p (i32.add (local.get $p) (i32.const 7)))
    (call $response (i32.const 200) (local.get $p)
                    (i32.sub (i32.sub (local.get $end) (i32.const 1)) (local.get $p))
                    (i32.const 0) (i32.const 16)))
)
"""

_COUNTER = """(module
  (import "x402" "kv_get" (func $kv_get (param i32 i32) (result i64)))
  (import "x402" "kv_set" (func $kv_set (param i32 i32 i32 i32) (result i32)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "application/json")
  (data (i32.const 16) "count")
  (data (i32.const 32) "{\\"count\\":")
  (data (i32.const 48) "{\\"error\\":\\"kv_refused\\"}")
  @ALLOC@
  (func (export "x402_handle") (param $req i32) (param $len i32)
    (local $packed i64) (local $n i64) (local $p i32) (local $end i32) (local $digits i32)
    ;; read the stored decimal (missing = 0)
    (local.set $packed (call $kv_get (i32.const 16) (i32.const 5)))
    (local.set $p (i32.wrap_i64 (i64.shr_u (local.get $packed) (i64.const 32))))
    (local.set $end (i32.add (local.get $p) (i32.wrap_i64 (local.get $packed))))
    (block $parsed
      (loop $digit
        (br_if $parsed (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $n (i64.add (i64.mul (local.get $n) (i64.const 10))
                               (i64.extend_i32_u (i32.sub (i32.load8_u (local.get $p))
                                                          (i32.const 48)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (local.set $n (i64.add (local.get $n) (i64.const 1)))
    ;; format it backwards into 128..148
    (local.set $p (i32.const 148))
    (loop $fmt
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
                  (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $fmt (i64.ne (local.get $n) (i64.const 0))))
    (local.set $digits (i32.sub (i32.const 148) (local.get $p)))
    (if (i32.ne (call $kv_set (i32.const 16) (i32.const 5) (local.get $p) (local.get $digits))
                (i32.const 0))
      (then
        (call $response (i32.const 507) (i32.const 48) (i32.const 22)
                        (i32.const 0) (i32.const 16))
        (return)))
    ;; {"count":N} at 160
    (memory.copy (i32.const 160) (i32.const 32) (i32.const 9))
    (memory.copy (i32.const 169) (local.get $p) (local.get $digits))
    (i32.store8 (i32.add (i32.const 169) (local.get $digits)) (i32.const 125))
    (call $response (i32.const 200) (i32.const 160) (i32.add (local.get $digits) (i32.const 10))
                    (i32.const 0) (i32.const 16)))
)
"""

_PAID_INFO = """(module
  (import "x402" "payment_info" (func $payment_info (result i64)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "application/json")
  @ALLOC@
  (func (export "x402_handle") (param $req i32) (param $len i32)
    (local $packed i64)
    (local.set $packed (call $payment_info))
    (call $response (i32.const 200)
                    (i32.wrap_i64 (i64.shr_u (local.get $packed) (i64.const 32)))
                    (i32.wrap_i64 (local.get $packed))
                    (i32.const 0) (i32.const 16)))
)
"""


@dataclass(frozen=True, slots=True)
class Template:
    """A ready-made cartridge.

    Attributes:
        name: Name to pass to ``create(slug, template=name)``.
        description: What it does (copied into the manifest).
        source: WAT text.
        test_body: Request body of its self-test.
        expect_body: Body its self-test must answer (``None``: any 2xx passes).
    """

    name: str
    description: str
    source: str
    test_body: str = "ping"
    expect_body: str | None = None


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template("echo", "answers the request body as a JSON string",
                 _ECHO.replace("@ALLOC@", _ALLOC), expect_body='"ping"'),
        Template("counter", "counts its calls in its KV store",
                 _COUNTER.replace("@ALLOC@", _ALLOC)),
        Template("paid-info", "answers the payment that bought the request",
                 _PAID_INFO.replace("@ALLOC@", _ALLOC), expect_body="null"),
    )
}
