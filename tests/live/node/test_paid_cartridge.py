"""The node's paid ``/c/{slug}``: a deployed ``paid-info`` cartridge sees who paid, its free
``/app/{slug}`` sees ``null``, and forged ``x-x402-*`` headers change neither."""

from __future__ import annotations

import pytest

pytest.importorskip("web3")
pytest.importorskip("wasmtime")

from fastapi.testclient import TestClient  # noqa: E402

from live.agent_node import LiveNode  # noqa: E402
from live.chain.wallet import Wallet  # noqa: E402
from live.x402.client import X402Client  # noqa: E402

pytestmark = pytest.mark.live

SLUG = "who-paid"
FORGED = {"x-x402-payer": "0x" + "66" * 20, "x-x402-amount": "999999999"}


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    node = LiveNode(tmp_path_factory.mktemp("node"), factor=0.01)
    node.store.create(SLUG, template="paid-info")
    sandbox = node.runtime.agent.ports.sandbox
    assert sandbox.build(SLUG).ok and sandbox.deploy(SLUG).ok
    return node


@pytest.fixture(scope="module")
def http(node):
    with TestClient(node.app) as client:
        yield client


@pytest.fixture(scope="module")
def buyer(node):
    wallet = Wallet.generate()
    node.embedded.faucet(wallet.address, 100_000)
    return X402Client(wallet, max_amount=10_000)


def test_a_paid_cartridge_sees_the_payer_and_the_price(http, node, buyer):
    paid = buyer.request(http, "GET", f"/c/{SLUG}", headers=FORGED)
    assert paid.response.status_code == 200, paid.response.text
    seen = paid.response.json()
    assert seen["payer"] == buyer.wallet.address
    assert seen["amount"] == str(node.market.price(SLUG))
    assert seen["settled"] is False
    assert paid.receipt is not None and paid.receipt.success


def test_the_free_route_sees_null_even_with_forged_headers(http):
    r = http.get(f"/app/{SLUG}", headers=FORGED)
    assert r.status_code == 200 and r.json() is None
