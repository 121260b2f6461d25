"""A settlement the node refuses is closed at once; one it may have received stays open.

The node answering "no" (here: the facilitator's account cannot pay the gas) means it
does not hold the transaction, so the payer, not charged, can retry the same header as
soon as the cause is fixed, without waiting for a restart's ``reconcile()``. A transport
failure is different: the transaction may have arrived, so the row stays ``submitted``.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web3 import Web3

from colony_sim import payments as p
from colony_sim.payments import PaymentRequired
from live.chain.wallet import Wallet
from live.x402.chain_web3 import BroadcastError, Web3Chain
from live.x402.client import X402Client
from tests.live.x402.conftest import GAS, PRICE, World

pytestmark = pytest.mark.live

URL = "/g/demo/answer"


def test_refused_settlement_fails_the_row_and_the_same_header_retries(world: World) -> None:
    world.facilitator_wallet = Wallet.generate()  # an account with no gas at all
    gateway, app, _ = world.gateway()
    journal = gateway.facilitator.journal
    http = TestClient(app)
    required = PaymentRequired.decode(http.get(URL).headers["PAYMENT-REQUIRED"])
    payment = X402Client(world.payer, max_amount=PRICE).sign(required.accepts[0])
    header = {"PAYMENT-SIGNATURE": payment.encode()}
    before = world.balances()

    refused = http.get(URL, headers=header)
    assert refused.status_code == 402
    assert p.UNEXPECTED_SETTLE_ERROR in refused.text
    row = journal.get(gateway.facilitator.key(payment))
    assert row is not None and row.state == "failed"
    assert "cannot afford" in row.error  # the node's reason is kept for the operator
    assert world.balances() == before and "answer" not in refused.json()  # no content

    world.embedded.fund_gas(world.facilitator_wallet.address, GAS)
    paid = http.get(URL, headers=header)  # the very same header, no restart
    assert paid.status_code == 200, paid.text
    payer, payee = world.balances()
    assert (before[0] - payer, payee - before[1]) == (PRICE, PRICE)
    assert journal.get(gateway.facilitator.key(payment)).state == "delivered"
    assert http.get(URL, headers=header).status_code == 402  # and still only once
    assert world.balances() == (payer, payee)


def offline(world: World) -> Web3Chain:
    """A chain client whose node went away: its requests go to a closed loopback port."""
    chain = world.chain()
    chain.w3 = Web3(Web3.HTTPProvider("http://127.0.0.1:9", request_kwargs={"timeout": 2}))
    return chain


def test_unreachable_node_is_not_a_definitive_refusal(world: World) -> None:
    with pytest.raises(BroadcastError) as failed:
        offline(world).broadcast("0x" + "00" * 100)
    assert not failed.value.definitive and not failed.value.nonce_too_low


def test_unreachable_node_leaves_the_row_submitted_for_reconcile(world: World) -> None:
    gateway, _, _ = world.gateway()
    fac = gateway.facilitator
    required = fac.requirements(PRICE, world.payee.address)
    payment = X402Client(world.payer, max_amount=PRICE).sign(required)
    assert fac.claim(payment, required) is None

    fac.chain.broadcast = offline(world).broadcast  # the node drops off mid-settlement
    lost = fac.settle_claimed(fac.key(payment), payment)
    assert not lost.success and lost.error_reason == p.UNEXPECTED_SETTLE_ERROR
    assert fac.journal.get(fac.key(payment)).state == "submitted"
    assert world.balances()[1] == 0

    del fac.chain.broadcast  # the node is back: a restart's reconcile settles it
    assert fac.reconcile() == {"settled": 1}
    assert world.balances()[1] == PRICE
