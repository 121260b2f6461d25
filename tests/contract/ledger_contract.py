"""The Ledger contract: every ledger adapter (sim, web3) must pass these tests.

A subclass provides fixtures ``ledger`` (the adapter), ``payer`` and ``payee`` (funded
and empty wallet addresses the ledger can sign for), and implements ``fund``,
``advance``, ``now`` (the ledger's clock) and ``unknown_address`` (an address nobody
ever funded).
"""

from __future__ import annotations

import pytest

from colony_sim import payments as p
from colony_sim.errors import InsufficientFunds
from colony_sim.payments import SCHEME_EXACT, PaymentRequirements

FUNDS = 50_000
PRICE = 1_000


class LedgerContract:
    def fund(self, ledger, address: str, amount: int) -> None:
        raise NotImplementedError

    def advance(self, ledger, seconds: float) -> None:
        raise NotImplementedError

    def now(self, ledger) -> float:
        raise NotImplementedError

    def unknown_address(self, ledger) -> str:
        raise NotImplementedError

    def nonce(self, i: int) -> str:
        return "0x" + f"{i:064x}"

    def requirements(self, ledger, payee: str, amount: int = PRICE) -> PaymentRequirements:
        return PaymentRequirements(SCHEME_EXACT, ledger.network, amount, ledger.asset, payee, 60)

    # -- balances and transfers -------------------------------------------------------

    def test_unknown_address_has_zero_balance(self, ledger):
        assert ledger.balance_of(self.unknown_address(ledger)) == 0

    def test_transfer_moves_exact_amount(self, ledger, payer, payee):
        before = ledger.balance_of(payer), ledger.balance_of(payee)
        tx = ledger.transfer(payer, payee, 1234)
        assert tx
        assert ledger.balance_of(payer) == before[0] - 1234
        assert ledger.balance_of(payee) == before[1] + 1234

    def test_overdraft_raises_and_changes_nothing(self, ledger, payer, payee):
        have = ledger.balance_of(payer)
        with pytest.raises(InsufficientFunds):
            ledger.transfer(payer, payee, have + 1)
        assert ledger.balance_of(payer) == have

    # -- x402 settlement --------------------------------------------------------------

    def test_signed_payment_settles_once(self, ledger, payer, payee):
        req = self.requirements(ledger, payee)
        payload = ledger.authorize(payer, req, self.nonce(1))
        assert ledger.verify(payload, req).is_valid
        before = ledger.balance_of(payee)
        result = ledger.settle(payload, req)
        assert result.success and result.transaction
        assert result.payer == payer
        assert ledger.balance_of(payee) == before + PRICE

    def test_verify_moves_no_money(self, ledger, payer, payee):
        req = self.requirements(ledger, payee)
        payload = ledger.authorize(payer, req, self.nonce(2))
        before = ledger.balance_of(payer)
        assert ledger.verify(payload, req).is_valid
        assert ledger.balance_of(payer) == before

    def test_reused_nonce_is_refused(self, ledger, payer, payee):
        req = self.requirements(ledger, payee)
        payload = ledger.authorize(payer, req, self.nonce(3))
        assert ledger.settle(payload, req).success
        after_first = ledger.balance_of(payee)
        replay = ledger.settle(payload, req)
        assert not replay.success
        assert replay.error_reason == p.NONCE_USED
        assert replay.transaction == ""
        assert ledger.balance_of(payee) == after_first

    def test_nonce_stays_used_after_its_authorization_expires(self, ledger, payer, payee):
        # EIP-3009 marks a nonce used for good: a new authorization reusing it is refused
        # even once the first one's window has passed and other payments have settled.
        req = self.requirements(ledger, payee)
        assert ledger.settle(ledger.authorize(payer, req, self.nonce(30)), req).success
        self.advance(ledger, 120)
        assert ledger.settle(ledger.authorize(payer, req, self.nonce(31)), req).success
        after = ledger.balance_of(payee)
        again = ledger.settle(ledger.authorize(payer, req, self.nonce(30)), req)
        assert not again.success
        assert again.error_reason == p.NONCE_USED
        assert ledger.balance_of(payee) == after

    def test_expired_authorization_is_refused(self, ledger, payer, payee):
        req = self.requirements(ledger, payee)
        payload = ledger.authorize(payer, req, self.nonce(4))
        self.advance(ledger, 120)
        result = ledger.settle(payload, req)
        assert not result.success
        assert result.error_reason == p.VALID_BEFORE

    def test_authorization_not_yet_valid_is_refused(self, ledger, payer, payee):
        req = self.requirements(ledger, payee)
        future = int(self.now(ledger)) + 3_000
        payload = ledger.authorize(
            payer, req, self.nonce(5), valid_after=future, valid_before=future + 60
        )
        assert ledger.settle(payload, req).error_reason == p.VALID_AFTER

    def test_wrong_amount_is_refused(self, ledger, payer, payee):
        payload = ledger.authorize(payer, self.requirements(ledger, payee, 999), self.nonce(6))
        result = ledger.settle(payload, self.requirements(ledger, payee, 1_000))
        assert result.error_reason == p.VALUE_MISMATCH

    def test_wrong_recipient_is_refused(self, ledger, payer, payee):
        payload = ledger.authorize(payer, self.requirements(ledger, payer), self.nonce(7))
        result = ledger.settle(payload, self.requirements(ledger, payee))
        assert result.error_reason == p.RECIPIENT_MISMATCH

    def test_wrong_asset_is_refused(self, ledger, payer, payee):
        req = self.requirements(ledger, payee)
        other = PaymentRequirements(SCHEME_EXACT, req.network, PRICE, "other-asset", payee, 60)
        payload = ledger.authorize(payer, other, self.nonce(8))
        assert ledger.settle(payload, req).error_reason == p.ASSET_MISMATCH

    def test_wrong_network_is_refused(self, ledger, payer, payee):
        req = self.requirements(ledger, payee)
        other = PaymentRequirements(SCHEME_EXACT, "eip155:1", PRICE, ledger.asset, payee, 60)
        payload = ledger.authorize(payer, req, self.nonce(9))
        assert ledger.settle(payload, other).error_reason == p.INVALID_NETWORK

    def test_tampered_payload_is_refused(self, ledger, payer, payee):
        from dataclasses import replace

        cheap = self.requirements(ledger, payee, 1)
        payload = ledger.authorize(payer, cheap, self.nonce(10))
        dear = self.requirements(ledger, payee, 2_000)
        forged = replace(
            payload, accepted=dear, authorization=replace(payload.authorization, value=2_000)
        )
        assert ledger.settle(forged, dear).error_reason == p.SIGNATURE_INVALID

    def test_insufficient_balance_is_refused(self, ledger, payer, payee):
        req = self.requirements(ledger, payee, ledger.balance_of(payer) + 1)
        payload = ledger.authorize(payer, req, self.nonce(11))
        before = ledger.balance_of(payee)
        assert ledger.settle(payload, req).error_reason == p.INSUFFICIENT_FUNDS
        assert ledger.balance_of(payee) == before

    def test_wire_round_trip_settles(self, ledger, payer, payee):
        from colony_sim.payments import PaymentPayload

        req = self.requirements(ledger, payee)
        payload = ledger.authorize(payer, req, self.nonce(12))
        assert ledger.settle(PaymentPayload.decode(payload.encode()), req).success
