"""Model-based test of the simulated ledger: random operation sequences against a reference.

Hypothesis drives mints, transfers, signed payments (some tampered with, some replayed,
some expired or not yet valid), verifies, settlements, clock advances and checkpoint
round trips. A plain-dict model written here from the x402 "exact" rules — not from
:func:`colony_sim.economy.rules.check_payment` — predicts every outcome:

* a payment settles iff scheme, network, recipient, asset and amount match what was
  asked, ``valid_after <= now <= valid_before - 6 s``, the signature is the payer's own,
  its ``(payer, nonce)`` never settled before (at any earlier time), and the payer can pay;
* a refused payment reports one of the rules it breaks and moves no money;
* ``verify`` never moves money and agrees with what ``settle`` would do;
* supply equals what was minted and no balance is ever negative.

The model never forgets a settled nonce, as a chain does not. The ledger once forgot a
nonce when its authorization expired; ``sign_again`` (new authorizations reusing old
nonces) makes the default budget find that.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import simpy
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
)

from colony_sim import payments as p
from colony_sim.errors import InsufficientFunds
from colony_sim.payments import Authorization, PaymentPayload, PaymentRequirements
from colony_sim.sim import SimClock, SimLedger

WALLETS = ("sim:a", "sim:b", "sim:c", "sim:d")
NONCES = tuple(f"0x{i:064x}" for i in range(3))  # few, so reuse happens often
START_FUNDS = 400_000  # enough for a few payments each, so most refusals are not for funds
TAMPERINGS = ("amount", "recipient", "asset", "network", "signature", "scheme")

wallet = st.sampled_from(WALLETS)


@dataclasses.dataclass(frozen=True)
class Offer:
    """A payload, the requirements it is presented against, and what was really signed."""

    payload: PaymentPayload
    required: PaymentRequirements
    signed: tuple[Authorization, str]  # the authorization the payer signed, and its signature

    @property
    def authentic(self) -> bool:
        """Whether the signature is the payer's own over exactly this authorization."""
        return (self.payload.authorization, self.payload.signature) == self.signed


class LedgerModel(RuleBasedStateMachine):
    offers = Bundle("offers")

    def __init__(self) -> None:
        super().__init__()
        self.env = simpy.Environment(initial_time=1_000)
        self.ledger = SimLedger(SimClock(self.env), np.random.default_rng(7))
        self.balances = dict.fromkeys(WALLETS, START_FUNDS)
        self.minted = START_FUNDS * len(WALLETS)
        for w in WALLETS:
            self.ledger.mint(w, START_FUNDS)
        self.settled: set[tuple[str, str]] = set()

    # -- the reference model ----------------------------------------------------------

    def broken_rules(self, offer: Offer) -> set[str]:
        """The reasons this offer must be refused now (empty: it must settle)."""
        auth, acc, req = offer.payload.authorization, offer.payload.accepted, offer.required
        now = self.env.now
        broken = set()
        if acc.scheme != p.SCHEME_EXACT or req.scheme != p.SCHEME_EXACT:
            broken.add(p.INVALID_SCHEME)
        if acc.network != self.ledger.network or req.network != self.ledger.network:
            broken.add(p.INVALID_NETWORK)
        if auth.pay_to != req.pay_to or acc.pay_to != req.pay_to:
            broken.add(p.RECIPIENT_MISMATCH)
        if acc.asset != req.asset:
            broken.add(p.ASSET_MISMATCH)
        if auth.value != req.amount:
            broken.add(p.VALUE_MISMATCH)
        if now > auth.valid_before - p.EXPIRY_BUFFER_S:
            broken.add(p.VALID_BEFORE)
        if now < auth.valid_after:
            broken.add(p.VALID_AFTER)
        if (auth.payer, auth.nonce) in self.settled:
            broken.add(p.NONCE_USED)
        if not offer.authentic:
            broken.add(p.SIGNATURE_INVALID)
        if self.balances[auth.payer] < auth.value:
            broken.add(p.INSUFFICIENT_FUNDS)
        return broken

    def requirements(self, pay_to: str, amount: int, timeout: int) -> PaymentRequirements:
        ledger = self.ledger
        return PaymentRequirements(
            p.SCHEME_EXACT, ledger.network, amount, ledger.asset, pay_to, timeout
        )

    # -- operations -------------------------------------------------------------------

    @rule(to=wallet, amount=st.integers(0, 200_000))
    def mint(self, to: str, amount: int) -> None:
        self.ledger.mint(to, amount)
        self.balances[to] += amount
        self.minted += amount

    @rule(payer=wallet, payee=wallet, amount=st.integers(0, 300_000))
    def transfer(self, payer: str, payee: str, amount: int) -> None:
        if amount > self.balances[payer]:
            try:
                self.ledger.transfer(payer, payee, amount)
            except InsufficientFunds:
                return
            raise AssertionError("an overdraft went through")
        assert self.ledger.transfer(payer, payee, amount)
        self.balances[payer] -= amount
        self.balances[payee] += amount

    @rule(
        target=offers,
        payer=wallet,
        payee=wallet,
        amount=st.integers(1, 120_000),
        timeout=st.integers(1, 120),
        nonce=st.sampled_from(NONCES),
        start=st.sampled_from([None, 0, 30]),  # default skew, or a window in the future
    )
    def sign(self, payer, payee, amount, timeout, nonce, start) -> Offer:
        required = self.requirements(payee, amount, timeout)
        after = None if start is None else int(self.env.now) + start
        payload = self.ledger.authorize(payer, required, nonce, valid_after=after)
        return Offer(payload, required, (payload.authorization, payload.signature))

    @rule(target=offers, old=offers, amount=st.integers(1, 120_000), timeout=st.integers(1, 120))
    def sign_again(self, old: Offer, amount: int, timeout: int) -> Offer:
        """A new authorization reusing an earlier one's payer and nonce, with a fresh window.

        (Without this rule the machine needed ~2,000 examples to find a ledger that forgot
        a nonce once its first authorization expired; with it, the default budget does.)
        """
        auth = old.payload.authorization
        required = self.requirements(auth.pay_to, amount, timeout)
        payload = self.ledger.authorize(auth.payer, required, auth.nonce)
        return Offer(payload, required, (payload.authorization, payload.signature))

    @rule(target=offers, offer=offers, how=st.sampled_from(TAMPERINGS), seed=st.integers(0, 3))
    def tamper(self, offer: Offer, how: str, seed: int) -> Offer:
        """Change one thing, as a thief or a confused client would."""
        payload, required = offer.payload, offer.required
        auth, acc = payload.authorization, payload.accepted
        other = WALLETS[(WALLETS.index(auth.pay_to) + 1 + seed % 3) % len(WALLETS)]
        if how == "amount":  # the server asks for another price than was signed
            required = dataclasses.replace(required, amount=auth.value + 1 + seed)
        elif how == "recipient":  # the signed authorization redirected: signature breaks
            payload = dataclasses.replace(
                payload, authorization=dataclasses.replace(auth, pay_to=other)
            )
        elif how == "asset":
            payload = dataclasses.replace(payload, accepted=dataclasses.replace(acc, asset="x"))
        elif how == "network":
            required = dataclasses.replace(required, network="sim:elsewhere")
        elif how == "scheme":
            required = dataclasses.replace(required, scheme="upto")
        else:  # a flipped signature byte
            sig = payload.signature
            flipped = sig[:10] + ("0" if sig[10] != "0" else "1") + sig[11:]
            payload = dataclasses.replace(payload, signature=flipped)
        return Offer(payload, required, offer.signed)

    @rule(offer=offers)
    def verify(self, offer: Offer) -> None:
        before = dict(self.ledger.balances)
        answer = self.ledger.verify(offer.payload, offer.required)
        broken = self.broken_rules(offer)
        assert answer.is_valid == (not broken), (answer, broken)
        if broken:
            assert answer.invalid_reason in broken, (answer.invalid_reason, broken)
        assert self.ledger.balances == before

    @rule(offer=offers)
    def settle(self, offer: Offer) -> None:
        self._settle(offer)

    @rule(offer=consumes(offers))
    def settle_and_drop(self, offer: Offer) -> None:
        """Settle, then forget the offer (keeps the bundle from growing without bound)."""
        self._settle(offer)

    def _settle(self, offer: Offer) -> None:
        broken = self.broken_rules(offer)
        answer = self.ledger.settle(offer.payload, offer.required)
        if broken:
            assert not answer.success, ("settled although", broken)
            assert answer.error_reason in broken, (answer.error_reason, broken)
            return
        assert answer.success, answer
        assert answer.transaction
        auth = offer.payload.authorization
        self.settled.add((auth.payer, auth.nonce))
        self.balances[auth.payer] -= auth.value
        self.balances[auth.pay_to] += auth.value

    @rule(seconds=st.sampled_from([0.5, 5, 30, 61, 200]))
    def advance(self, seconds: float) -> None:
        self.env.run(until=self.env.now + seconds)

    @rule()
    def checkpoint_round_trip(self) -> None:
        """Continue on a ledger restored from a snapshot (as checkpoint/resume does)."""
        restored = SimLedger(SimClock(self.env), np.random.default_rng(999))
        restored.load(self.ledger.state())
        self.ledger = restored

    # -- invariants -------------------------------------------------------------------

    @invariant()
    def money_is_conserved(self) -> None:
        assert self.ledger.supply == self.ledger.minted == self.minted

    @invariant()
    def balances_match_the_model(self) -> None:
        assert {w: self.ledger.balance_of(w) for w in WALLETS} == self.balances
        assert min(self.ledger.balances.values()) >= 0


TestLedgerModel = LedgerModel.TestCase
TestLedgerModel.settings = settings(max_examples=200, stateful_step_count=50)
