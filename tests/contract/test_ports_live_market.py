"""The Market contract on the live adapter: a gateway on the embedded chain, served by a
real uvicorn on 127.0.0.1, paid by an x402 client over HTTP."""

from __future__ import annotations

import httpx
import pytest

pytest.importorskip("web3")

from colony_sim.ports import Market  # noqa: E402
from live.ledger_web3 import Web3Ledger  # noqa: E402
from live.market_gateway import GatewayMarket  # noqa: E402
from live.serving import ThreadServer  # noqa: E402
from live.x402.client import X402Client  # noqa: E402
from live.x402.facilitator import Facilitator  # noqa: E402
from live.x402.gateway import Gateway, create_app  # noqa: E402
from tests.contract.ports_contract import MarketContract  # noqa: E402
from tests.live.x402.conftest import PRICE, World, upstream_app  # noqa: E402

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def world():
    return World()


@pytest.fixture
def served(world):
    gateway = Gateway(Facilitator(world.chain(), world.facilitator_wallet))
    market = GatewayMarket(gateway, world.payee.address, price=PRICE,
                           upstream_for=lambda endpoint: upstream_app())
    with ThreadServer(create_app(gateway, reconcile=False)) as server:
        yield market, server


@pytest.fixture
def market(served):
    return served[0]


@pytest.fixture
def ledger(world):
    ledger = Web3Ledger(world.chain(), world.facilitator_wallet)
    ledger.add_wallet(world.payer)
    return ledger


@pytest.fixture
def traffic(served, world):
    _, server = served
    client = X402Client(world.payer, max_amount=PRICE)

    def pay(endpoint: str, n: int) -> None:
        with httpx.Client(timeout=30) as http:
            for _ in range(n):
                paid = client.request(http, "GET", f"{server.url}/g/{endpoint}/answer")
                assert paid.response.status_code == 200, paid.response.text

    return pay


class TestGatewayMarket(MarketContract):
    pass


def test_gateway_market_satisfies_the_protocol(market):
    assert isinstance(market, Market)


def test_unpaid_and_failed_requests_are_not_queued(market, served, world):
    _, server = served
    market.add_endpoint("e1")
    with httpx.Client(timeout=30) as http:
        assert http.get(f"{server.url}/g/e1/answer").status_code == 402
        assert http.get(f"{server.url}/g/e1/broken").status_code == 402
        client = X402Client(world.payer, max_amount=PRICE)
        broken = client.request(http, "GET", f"{server.url}/g/e1/broken")
        assert broken.response.status_code == 500  # endpoint failed: nobody charged
    assert market.poll(0.0) == []


def test_another_routes_payments_are_not_this_agents(market, served, world):
    _, server = served
    other = GatewayMarket(market.gateway, world.payee.address, price=PRICE,
                          upstream_for=lambda endpoint: upstream_app())
    other.add_endpoint("theirs")
    market.add_endpoint("mine")
    client = X402Client(world.payer, max_amount=PRICE)
    with httpx.Client(timeout=30) as http:
        client.request(http, "GET", f"{server.url}/g/theirs/answer")
    assert market.poll(0.0) == []
    assert [r.endpoint for r in other.poll(0.0)] == ["theirs"]


def test_bad_price_is_refused(world):
    gateway = Gateway(Facilitator(world.chain(), world.facilitator_wallet))
    with pytest.raises(ValueError, match="price"):
        GatewayMarket(gateway, world.payee.address, price=0, upstream_for=lambda e: None)
