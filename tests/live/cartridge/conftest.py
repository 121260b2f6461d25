"""Fixtures for the cartridge tests: a KV file, a store directory, a host over both."""

from __future__ import annotations

import pytest

pytest.importorskip("wasmtime")

from live.cartridge import CartridgeHost, CartridgeRequest, CartridgeStore, Limits, SqliteKv  # noqa: E402
from live.cartridge.templates import TEMPLATES  # noqa: E402


@pytest.fixture
def kv(tmp_path):
    db = SqliteKv(tmp_path / "kv.sqlite")
    yield db
    db.close()


@pytest.fixture
def store(tmp_path):
    return CartridgeStore(tmp_path / "cartridges")


@pytest.fixture
def limits():
    return Limits(timeout=2.0)


@pytest.fixture
def host(kv, store, limits):
    with CartridgeHost(kv, store=store, limits=limits) as h:
        h.install("good", TEMPLATES["echo"].source)
        yield h


def still_serves(host) -> bool:
    """The host answers a good cartridge correctly (after whatever a bad one did)."""
    result = host.call("good", CartridgeRequest(body="still here"))
    return result.ok and result.body == b'"still here"'
