"""The Sandbox contract on the wasmtime adapter, plus what only the live adapter does."""

from __future__ import annotations

import pytest

pytest.importorskip("wasmtime")

from colony_sim.ports import Sandbox  # noqa: E402
from live.cartridge import CartridgeHost, CartridgeStore, SqliteKv  # noqa: E402
from live.cartridge.sandbox_wasmtime import WasmtimeSandbox, template_for  # noqa: E402
from tests.contract.ports_contract import SandboxContract  # noqa: E402

pytestmark = pytest.mark.live


class FakeMarket:
    """Records the endpoints a sandbox deploys (the Market port's endpoint half)."""

    def __init__(self) -> None:
        self.served: list[str] = []

    def price(self, endpoint: str) -> int:
        return 1000

    def poll(self, until: float) -> list:
        return []

    def add_endpoint(self, endpoint: str) -> None:
        if endpoint not in self.served:
            self.served.append(endpoint)

    def endpoints(self) -> tuple[str, ...]:
        return tuple(self.served)


@pytest.fixture
def parts(tmp_path):
    kv = SqliteKv(tmp_path / "kv.sqlite")
    store = CartridgeStore(tmp_path / "cartridges")
    with CartridgeHost(kv, store=store) as host:
        yield store, host, FakeMarket()
    kv.close()


@pytest.fixture
def sandbox(parts):
    store, host, market = parts
    return WasmtimeSandbox(store, host, market, max_endpoints=2)


class TestWasmtimeSandbox(SandboxContract):
    pass


def test_it_is_a_sandbox(sandbox):
    assert isinstance(sandbox, Sandbox)


def test_build_test_deploy_serves_the_endpoint(sandbox):
    assert sandbox.build("c1").ok
    assert sandbox.test("c1").ok
    assert sandbox.deploy("c1").ok
    assert sandbox.market.endpoints() == ("c1",)
    assert sandbox.deploy("c1").ok  # idempotent
    assert sandbox.market.endpoints() == ("c1",)


def test_the_template_is_chosen_from_the_slug(sandbox):
    assert template_for("c1") == template_for("c1")
    assert len({template_for(f"s{i}") for i in range(30)}) == 3
    sandbox.build("c1")
    assert sandbox.store.manifest("c1").template == template_for("c1")


def test_compile_error_and_test_failure_categories(parts):
    store, host, market = parts
    box = WasmtimeSandbox(store, host, market)
    store.create("broken", source="(module (func")
    out = box.build("broken")
    assert not out.ok and out.error == "compile_error" and out.duration >= 0
    store.create("wrong", source='(module (memory (export "memory") 1) '
                 '(func (export "x402_handle") (param i32 i32) unreachable))')
    assert box.build("wrong").ok
    out = box.test("wrong")
    assert not out.ok and out.error == "test_failure" and "unreachable" in out.value
    assert not box.deploy("wrong").ok


def test_a_bad_slug_is_a_parse_error(sandbox):
    out = sandbox.build("Not A Slug")
    assert not out.ok and out.error == "parse_error"


def test_deploy_respects_max_endpoints(sandbox):
    for slug in ("a1", "a2", "a3"):
        assert sandbox.build(slug).ok
    assert sandbox.deploy("a1").ok and sandbox.deploy("a2").ok
    out = sandbox.deploy("a3")
    assert not out.ok and out.error == "endpoint_error"
