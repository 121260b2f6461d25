"""Fixtures for the x402 tests: an embedded chain with funded wallets, gateways, anvil."""

from __future__ import annotations

import pytest

pytest.importorskip("web3")
pytest.importorskip("x402")

from fastapi import FastAPI  # noqa: E402

from live.chain.embedded import EmbeddedChain  # noqa: E402
from live.chain.wallet import Wallet  # noqa: E402
from live.x402.chain_web3 import Web3Chain  # noqa: E402
from live.x402.facilitator import Facilitator  # noqa: E402
from live.x402.gateway import Gateway, Route, create_app  # noqa: E402
from live.x402.journal import Journal  # noqa: E402

PRICE = 1_000
FUNDS = 1_000_000
GAS = 10**18


def upstream_app() -> FastAPI:
    """The endpoint behind the gateway; counts how often paid content was produced."""
    app = FastAPI()
    app.state.served = 0

    @app.get("/answer")
    async def answer() -> dict[str, int]:
        app.state.served += 1
        return {"answer": 42}

    @app.get("/free")
    async def free() -> dict[str, bool]:
        return {"free": True}

    @app.get("/broken")
    async def broken() -> dict[str, str]:
        from fastapi import HTTPException

        raise HTTPException(500, "broken")

    return app


class World:
    """An embedded chain, a facilitator account, a funded payer and an empty payee."""

    def __init__(self) -> None:
        self.embedded = EmbeddedChain()
        self.facilitator_wallet = Wallet.generate()
        self.payer = Wallet.generate()
        self.payee = Wallet.generate()
        self.embedded.fund_gas(self.facilitator_wallet.address, GAS)
        self.embedded.faucet(self.payer.address, FUNDS)

    def chain(self) -> Web3Chain:
        return Web3Chain(self.embedded.w3, self.embedded.token.address, lock=self.embedded.lock)

    def gateway(self, journal: Journal | None = None) -> tuple[Gateway, FastAPI, FastAPI]:
        fac = Facilitator(self.chain(), self.facilitator_wallet, journal)
        upstream = upstream_app()
        route = Route(
            "demo", PRICE, self.payee.address, upstream, "the answer", free=frozenset({"free"})
        )
        gateway = Gateway(fac, [route])
        return gateway, create_app(gateway, reconcile=False), upstream

    def balances(self) -> tuple[int, int]:
        return self.embedded.balance_of(self.payer.address), self.embedded.balance_of(
            self.payee.address
        )


@pytest.fixture
def world() -> World:
    return World()
