"""KV persistence and rollback, slugs, manifests, and the template lifecycle."""

from __future__ import annotations

import json
import shutil

import pytest

from colony_sim.errors import ConfigError
from live.cartridge import (
    TEMPLATES,
    CartridgeError,
    CartridgeHost,
    CartridgeNotFound,
    CartridgeRequest,
    CompileError,
    Manifest,
    Payment,
    SqliteKv,
    check_slug,
    toolchain,
)

pytestmark = pytest.mark.live


def count(result) -> int:
    assert result.ok, result.reason
    return json.loads(result.body)["count"]


def test_kv_persists_across_host_restarts(tmp_path, store):
    store.create("hits", template="counter")
    store.compile("hits")
    for expected in (1, 2):
        kv = SqliteKv(tmp_path / "node.sqlite")
        with CartridgeHost(kv, store=store) as host:
            assert count(host.call("hits", CartridgeRequest())) == expected
        kv.close()


def test_a_trapped_call_leaves_the_kv_as_it_was(kv):
    set_then_loop = """(module
      (import "x402" "kv_set" (func $kv_set (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "count7")
      (func (export "x402_handle") (param i32 i32)
        (drop (call $kv_set (i32.const 0) (i32.const 5) (i32.const 5) (i32.const 1)))
        (loop $l (br $l))))"""
    with CartridgeHost(kv) as host:
        host.install("hits", TEMPLATES["counter"].source)
        assert count(host.call("hits", CartridgeRequest())) == 1
        host.install("hits", set_then_loop)
        assert host.call("hits", CartridgeRequest()).error == "fuel"
        host.install("hits", TEMPLATES["counter"].source)
        assert count(host.call("hits", CartridgeRequest())) == 2
    assert kv.get("hits", b"count") == b"2"


def test_kv_is_per_cartridge(kv):
    with CartridgeHost(kv) as host:
        host.install("a", TEMPLATES["counter"].source)
        host.install("b", TEMPLATES["counter"].source)
        host.call("a", CartridgeRequest())
        assert count(host.call("a", CartridgeRequest())) == 2
        assert count(host.call("b", CartridgeRequest())) == 1


def test_a_dry_run_does_not_commit(kv):
    with CartridgeHost(kv) as host:
        host.install("hits", TEMPLATES["counter"].source)
        assert count(host.call("hits", CartridgeRequest(), commit=False)) == 1
        assert count(host.call("hits", CartridgeRequest(), commit=False)) == 1
    assert kv.get("hits", b"count") is None


def test_the_env_aliases_work(kv):
    wat = TEMPLATES["paid-info"].source.replace(
        '(import "x402" "payment_info"', '(import "env" "x402_payment_info"'
    ).replace('(import "x402" "response"', '(import "env" "x402_response"')
    with CartridgeHost(kv) as host:
        host.install("paid", wat)
        result = host.call("paid", CartridgeRequest(payment=Payment("0xabc", 1000, "0x12")))
    seen = json.loads(result.body)
    assert {k: seen[k] for k in ("payer", "amount", "tx_hash")} == {
        "payer": "0xabc", "amount": "1000", "tx_hash": "0x12"
    }  # the seed ABI's three string fields, unchanged
    assert seen["settled"] is True


def test_echo_returns_the_body_as_a_json_string(host):
    body = 'with "quotes", \\ and ünïcode and a fake "body":"x" key'
    result = host.call("good", CartridgeRequest("POST", "/", body, {"body": '"body":1'}))
    assert json.loads(result.body) == body


def test_unknown_slug_raises_not_found(host):
    with pytest.raises(CartridgeNotFound, match="nope"):
        host.call("nope", CartridgeRequest())


@pytest.mark.parametrize("slug", ["", "A", "-lead", "has space", "x" * 49, "é", "a/b", 5])
def test_bad_slugs_are_refused_naming_the_field(slug):
    with pytest.raises(ConfigError) as err:
        check_slug(slug)
    assert err.value.field == "slug"


@pytest.mark.parametrize("slug", ["a", "0", "echo-2", "x" * 48])
def test_good_slugs_pass(slug):
    assert check_slug(slug) == slug


def test_manifest_bad_json_is_a_clear_error():
    with pytest.raises(ConfigError, match="not valid JSON") as err:
        Manifest.from_json("{slug: ")
    assert err.value.field == "manifest"


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", -5), ("price", 0), ("price", 1.5), ("price", "1000"), ("language", "cobol"),
     ("abi", 3), ("description", 7), ("colour", "red"),
     # found by fuzzing manifests: a list or object language was a TypeError from `in`,
     # and abi 1.0 was accepted as version 1
     ("language", ["wat"]), ("language", {"c": 1}), ("abi", [1]), ("abi", 1.0)],
)
def test_manifest_bad_fields_are_named(field, value):
    text = json.dumps({"slug": "ok", field: value})
    with pytest.raises(ConfigError) as err:
        Manifest.from_json(text)
    assert err.value.field == field


def test_a_broken_manifest_on_disk_names_the_field(store):
    store.create("hits", template="counter")
    path = store.root / "hits" / "manifest.json"
    path.write_text(path.read_text().replace('"price": 1000', '"price": -1'))
    with pytest.raises(ConfigError, match="price"):
        store.manifest("hits")
    assert store.list() == []


def test_template_lifecycle_create_compile_test_list(store, host):
    for name in TEMPLATES:
        manifest = store.create(f"my-{name}", template=name, price=2500)
        assert manifest.template == name and manifest.price == 2500
        assert not store.is_built(f"my-{name}")
        store.compile(f"my-{name}")
        verdict = store.test(f"my-{name}", host)
        assert verdict.ok, verdict.reason
    assert [m.slug for m in store.list()] == ["my-counter", "my-echo", "my-paid-info"]


def test_the_self_test_checks_the_expected_body(store, host):
    store.create("picky", source=TEMPLATES["echo"].source, expect_body='"pong"')
    store.compile("picky")
    verdict = store.test("picky", host)
    assert not verdict.ok and "pong" in verdict.reason


def test_create_refuses_an_existing_slug_and_an_unknown_template(store):
    store.create("one")
    with pytest.raises(CartridgeError, match="already exists"):
        store.create("one")
    with pytest.raises(ConfigError, match="template"):
        store.create("two", template="nope")


def test_compile_refuses_bad_wat_and_missing_exports(store):
    store.create("typo", source="(module (func $x (i32.add)")
    with pytest.raises(CompileError, match="main.wat"):
        store.compile("typo")
    store.create("bare", source='(module (memory (export "memory") 1))')
    with pytest.raises(CompileError, match="x402_handle"):
        store.compile("bare")
    assert not store.is_built("typo") and not store.is_built("bare")


def test_a_recompiled_cartridge_is_reloaded(store, host):
    store.create("swap", template="echo")
    store.compile("swap")
    assert host.call("swap", CartridgeRequest(body="a")).body == b'"a"'
    (store.root / "swap" / "main.wat").write_text(TEMPLATES["paid-info"].source)
    store.compile("swap")
    assert host.call("swap", CartridgeRequest(body="a")).body == b"null"


def test_c_without_a_toolchain_says_what_to_install(store, monkeypatch):
    monkeypatch.setattr(toolchain, "c_compiler", lambda: None)
    store.create("in-c", source="int x;", language="c")
    with pytest.raises(CompileError, match="make toolchain-c"):
        store.compile("in-c")


@pytest.mark.skipif(toolchain.c_compiler() is None, reason="no C toolchain for wasm32")
def test_a_c_cartridge_compiles_and_answers(store, host):
    source = """
    __attribute__((import_module("x402"), import_name("response")))
    void response(int status, const char *body, int len, const char *ct, int ct_len);
    __attribute__((export_name("x402_handle")))
    void handle(const char *req, int len) { response(200, "{\\"c\\":1}", 7, 0, 0); }
    """
    store.create("in-c", source=source, language="c", expect_body='{"c":1}')
    store.compile("in-c")
    assert store.test("in-c", host).ok


def test_rust_without_rustc_says_what_to_install(store, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    store.create("in-rust", source="", language="rust")
    with pytest.raises(CompileError, match="libstd-rust-dev-wasm32"):
        store.compile("in-rust")
