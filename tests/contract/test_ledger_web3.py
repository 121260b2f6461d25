"""The Ledger contract on the live adapter: Web3Ledger on the embedded eth-tester chain."""

from __future__ import annotations

import pytest

pytest.importorskip("web3")

from live.chain.embedded import EmbeddedChain  # noqa: E402
from live.chain.wallet import Wallet  # noqa: E402
from live.ledger_web3 import Web3Ledger  # noqa: E402
from live.x402.chain_web3 import Web3Chain  # noqa: E402
from tests.contract.ledger_contract import FUNDS, LedgerContract  # noqa: E402

pytestmark = pytest.mark.live

GAS = 10**18


@pytest.fixture(scope="module")
def chain():
    return EmbeddedChain()


@pytest.fixture(scope="module")
def wallets(chain):
    facilitator, payer, payee = Wallet.generate(), Wallet.generate(), Wallet.generate()
    for w in (facilitator, payer):
        chain.fund_gas(w.address, GAS)
    chain.faucet(payer.address, FUNDS)
    return facilitator, payer, payee


class TestWeb3Ledger(LedgerContract):
    @pytest.fixture
    def ledger(self, chain, wallets):
        snap = chain.snapshot()
        facilitator, payer, payee = wallets
        ledger = Web3Ledger(Web3Chain(chain.w3, chain.token.address, lock=chain.lock), facilitator)
        ledger.add_wallet(payer)
        ledger.add_wallet(payee)
        ledger.embedded = chain
        yield ledger
        chain.revert(snap)

    @pytest.fixture
    def payer(self, ledger, wallets):
        return wallets[1].address

    @pytest.fixture
    def payee(self, ledger, wallets):
        return wallets[2].address

    def fund(self, ledger, address, amount):
        ledger.embedded.faucet(address, amount)

    def advance(self, ledger, seconds):
        ledger.embedded.advance_time(int(seconds))

    def now(self, ledger):
        return ledger.now()

    def unknown_address(self, ledger):
        return "0x" + "0" * 39 + "1"


def test_unknown_payer_cannot_sign(chain, wallets):
    from colony_sim.errors import PaymentError
    from colony_sim.payments import PaymentRequirements

    ledger = Web3Ledger(Web3Chain(chain.w3, chain.token.address, lock=chain.lock), wallets[0])
    req = PaymentRequirements("exact", ledger.network, 1, ledger.asset, wallets[2].address)
    with pytest.raises(PaymentError):
        ledger.authorize(Wallet.generate().address, req, "0x" + "0" * 64)
