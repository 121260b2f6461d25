import numpy as np
import pytest
import simpy

from colony_sim.sim import SimClock, SimLedger
from tests.contract.ledger_contract import FUNDS, LedgerContract


class TestSimLedger(LedgerContract):
    @pytest.fixture
    def ledger(self):
        env = simpy.Environment(initial_time=1_000)
        ledger = SimLedger(SimClock(env), np.random.default_rng(0))
        ledger.env = env
        return ledger

    @pytest.fixture
    def payer(self, ledger):
        self.fund(ledger, "sim:payer", FUNDS)
        return "sim:payer"

    @pytest.fixture
    def payee(self, ledger):
        return ledger.open("sim:payee")

    def fund(self, ledger, address, amount):
        ledger.mint(address, amount)

    def advance(self, ledger, seconds):
        ledger.env.run(until=ledger.env.now + seconds)

    def now(self, ledger):
        return ledger.clock.now

    def unknown_address(self, ledger):
        return "sim:nobody"


def test_supply_changes_only_by_mint():
    env = simpy.Environment()
    ledger = SimLedger(SimClock(env), np.random.default_rng(1))
    ledger.mint("sim:a", 500)
    ledger.open("sim:b")
    ledger.transfer("sim:a", "sim:b", 200)
    assert ledger.supply == ledger.minted == 500


def test_unknown_payer_cannot_sign():
    from colony_sim.errors import PaymentError
    from colony_sim.payments import PaymentRequirements

    env = simpy.Environment()
    ledger = SimLedger(SimClock(env), np.random.default_rng(1))
    req = PaymentRequirements("exact", ledger.network, 1, ledger.asset, "sim:x")
    with pytest.raises(PaymentError):
        ledger.authorize("sim:stranger", req, "0x" + "0" * 64)
