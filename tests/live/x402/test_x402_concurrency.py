"""Many payers at once on the embedded chain: every payment settles exactly once.

eth-tester has no mempool: a transaction whose account nonce is ahead of the chain's is
refused, not queued. Settlements signed concurrently must therefore reach it in nonce
order (the facilitator serialises signing, journaling and broadcasting).
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from live.chain.wallet import Wallet
from live.x402.chain_web3 import BroadcastError
from live.x402.client import X402Client
from tests.live.x402.conftest import GAS, PRICE, World

pytestmark = pytest.mark.live


def test_concurrent_payers_all_settle_exactly_once(world: World) -> None:
    gateway, app, upstream = world.gateway()
    client = X402Client(world.payer, max_amount=PRICE, assets=[world.embedded.token.address])
    n = 12

    async def pay_all() -> list[int]:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://node"
        ) as http:
            paid = await asyncio.gather(
                *(client.arequest(http, "GET", "/g/demo/answer") for _ in range(n))
            )
        assert all(r.receipt is not None and r.receipt.success for r in paid)
        return [r.response.status_code for r in paid]

    payer_before, payee_before = world.balances()
    assert asyncio.run(pay_all()) == [200] * n
    payer_after, payee_after = world.balances()
    assert payee_after - payee_before == n * PRICE == payer_before - payer_after
    assert gateway.facilitator.journal.counts().get("delivered", 0) == n
    assert upstream.state.served == n


def test_a_stale_account_nonce_is_reported_as_too_low(world: World) -> None:
    ours, other = world.chain(), world.chain()  # e.g. two processes sharing one account
    sender = Wallet.generate()
    world.embedded.fund_gas(sender.address, GAS)
    _, first = other.sign_token_call(sender, "approve", [world.payee.address, 1])
    _, stale = ours.sign_token_call(sender, "approve", [world.payee.address, 2])  # nonce 0 too
    other.broadcast(first)
    with pytest.raises(BroadcastError) as refused:
        ours.broadcast(stale)
    assert refused.value.nonce_too_low
