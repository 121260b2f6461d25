"""Embedded x402 facilitator for the "exact" scheme on EVM (EIP-3009), exactly once.

Verification calls the same pure rule function as the simulation
(:func:`colony_sim.economy.rules.check_payment`), supplying EIP-712 signature recovery,
the journal plus on-chain ``authorizationState`` as nonce store, and the on-chain
balance. Nothing is sent to the chain unless every rule passes.

Settlement claims the authorization in the :class:`~live.x402.journal.Journal`, signs
``transferWithAuthorization`` with the facilitator's own key (it pays the gas), records
the transaction hash and raw bytes, and only then broadcasts. :meth:`Facilitator.reconcile`
repairs whatever a crash left open, from the journal and the chain.

Test hooks: when the environment has ``COLONY_X402_TEST_HOOKS=1`` *and*
``COLONY_X402_CRASH_AT=<stage>``, the process kills itself (SIGKILL) at that stage; the
stages are :data:`CRASH_STAGES`. Without both variables the hooks do nothing.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from dataclasses import replace
from typing import Any, Final

from eth_utils.address import to_checksum_address

from colony_sim import payments as p
from colony_sim.economy.rules import check_payment
from colony_sim.errors import PaymentError
from colony_sim.payments import PaymentPayload, PaymentRequirements, SettleResponse, VerifyResponse
from live.chain.token import recover_typed_data_signer, transfer_with_authorization_typed_data
from live.x402.chain_web3 import BroadcastError, TxSigner, Web3Chain
from live.x402.journal import RECLAIMABLE, Journal, JournalRow, payment_key

log = logging.getLogger(__name__)

CRASH_STAGES: Final = ("after_verify", "before_broadcast", "after_submit", "after_settle")
SECP256K1_HALF_N: Final = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0


def crash_point(stage: str) -> None:
    """Kill this process at ``stage`` when the crash test hook is enabled (tests only)."""
    if os.environ.get("COLONY_X402_TEST_HOOKS") != "1":
        return
    if os.environ.get("COLONY_X402_CRASH_AT") == stage:
        log.warning("test hook: killing the process at stage %s", stage)
        os.kill(os.getpid(), signal.SIGKILL)


def normalize(
    payload: PaymentPayload, required: PaymentRequirements
) -> tuple[PaymentPayload, PaymentRequirements]:
    """Checksum every address so the pure rules compare like with like.

    Raises:
        PaymentError: ``invalid_payload`` naming the field that is not an address.
    """

    def cs(value: str, where: str) -> str:
        try:
            return str(to_checksum_address(value))
        except (ValueError, TypeError):
            reason = f"{where}: {value[:48]!r} is not an address"
            raise PaymentError(p.INVALID_PAYLOAD, reason) from None

    auth = payload.authorization
    auth = replace(
        auth,
        payer=cs(auth.payer, "payload.authorization.from"),
        pay_to=cs(auth.pay_to, "payload.authorization.to"),
        nonce=auth.nonce.lower(),
    )
    accepted = payload.accepted
    if accepted.asset.startswith("0x") and len(accepted.asset) == 42:
        accepted = replace(accepted, asset=cs(accepted.asset, "accepted.asset"))
    accepted = replace(accepted, pay_to=cs(accepted.pay_to, "accepted.payTo"))
    req = replace(
        required,
        pay_to=cs(required.pay_to, "paymentRequirements.payTo"),
        asset=cs(required.asset, "paymentRequirements.asset"),
    )
    return replace(payload, accepted=accepted, authorization=auth), req


class Facilitator:
    """Verifies and settles "exact" EVM payments for one token on one chain.

    Args:
        chain: Chain access (reads, signing, broadcasting).
        signer: The facilitator's account; it pays the gas of settlements.
        journal: Settlement journal (an in-memory one when omitted).
        receipt_timeout: Seconds to wait for a settlement to be mined.
    """

    def __init__(
        self,
        chain: Web3Chain,
        signer: TxSigner,
        journal: Journal | None = None,
        *,
        receipt_timeout: float = 30.0,
    ) -> None:
        self.chain = chain
        self.signer = signer
        self.journal = journal if journal is not None else Journal(":memory:")
        self.receipt_timeout = receipt_timeout
        self.network = chain.network
        self.asset = chain.token_address
        # One settlement at a time from signing to broadcast, so our account's nonces
        # reach the node in order: eth-tester (the embedded chain) refuses a nonce gap
        # where a node with a mempool would queue it, and on any node a gap left by a
        # refused broadcast would hold up the settlements behind it. Waiting for the
        # receipt, the slow part, stays concurrent.
        self._sending = threading.Lock()

    # ------------------------------------------------------------- discovery

    def requirements(
        self, amount: int, pay_to: str, *, max_timeout_seconds: int = 60
    ) -> PaymentRequirements:
        """Requirements asking for ``amount`` units of this facilitator's token."""
        return PaymentRequirements(
            scheme=p.SCHEME_EXACT,
            network=self.network,
            amount=int(amount),
            asset=self.asset,
            pay_to=str(to_checksum_address(pay_to)),
            max_timeout_seconds=max_timeout_seconds,
            extra={"name": self.chain.domain.name, "version": self.chain.domain.version},
        )

    def supported(self) -> dict[str, Any]:
        """The ``/supported`` answer: kinds (v1 and v2) and the settling address."""
        kinds = [
            {"x402Version": v, "scheme": p.SCHEME_EXACT, "network": self.network} for v in (2, 1)
        ]
        return {
            "kinds": kinds,
            "extensions": [],
            "signers": {"eip155:*": [str(to_checksum_address(self.signer.address))]},
        }

    # ----------------------------------------------------------------- verify

    def key(self, payload: PaymentPayload) -> str:
        """Journal key of ``payload``'s authorization."""
        auth = payload.authorization
        return payment_key(self.network, self.asset, auth.payer, auth.nonce)

    def _claimed(self, payer: str, nonce: str) -> bool:
        """Whether the journal holds an open or finished claim on this authorization."""
        row = self.journal.get(payment_key(self.network, self.asset, payer, nonce))
        return row is not None and row.state not in RECLAIMABLE

    def _signature_ok(self, payload: PaymentPayload) -> bool:
        auth = payload.authorization
        try:
            sig = bytes.fromhex(payload.signature.removeprefix("0x"))
            if len(sig) != 65 or int.from_bytes(sig[32:64], "big") > SECP256K1_HALF_N:
                return False  # the token rejects high-s signatures on chain
            typed = transfer_with_authorization_typed_data(
                self.chain.domain,
                from_=auth.payer,
                to=auth.pay_to,
                value=auth.value,
                valid_after=auth.valid_after,
                valid_before=auth.valid_before,
                nonce=auth.nonce,
            )
            return recover_typed_data_signer(typed, sig) == auth.payer
        except (ValueError, TypeError):
            return False

    def check(self, payload: PaymentPayload, required: PaymentRequirements) -> str | None:
        """The first rule ``payload`` breaks against ``required``, or ``None``.

        Raises:
            PaymentError: ``invalid_payload`` when an address field is malformed.
        """
        if required.network != self.network:
            return p.INVALID_NETWORK
        if payload.x402_version == 1 and not payload.accepted.asset:
            # v1 payloads do not echo the requirement; the server's asset is implied
            payload = replace(payload, accepted=replace(payload.accepted, asset=required.asset))
        payload, required = normalize(payload, required)
        if required.asset != self.asset:
            return p.ASSET_MISMATCH
        # The payer's balance and authorization state are read together, in one round
        # trip, when the rules first ask for either (a malformed payment reads neither).
        state: list[tuple[int, bool]] = []

        def on_chain(payer: str, nonce: str) -> tuple[int, bool]:
            if not state:
                state.append(self.chain.payer_state(payer, nonce))
            return state[0]

        auth = payload.authorization
        return check_payment(
            payload,
            required,
            now=self.chain.now(),
            nonce_used=lambda payer, nonce: self._claimed(payer, nonce)
            or on_chain(payer, nonce)[1],
            signature_ok=self._signature_ok,
            balance_of=lambda address: on_chain(auth.payer, auth.nonce)[0]
            if address == auth.payer
            else self.chain.balance_of(address),
        )

    def verify(self, payload: PaymentPayload, required: PaymentRequirements) -> VerifyResponse:
        """Check a payment without moving money (no transaction is sent)."""
        payer = payload.authorization.payer
        try:
            reason = self.check(payload, required)
        except PaymentError as exc:
            return VerifyResponse(False, exc.reason, payer)
        return VerifyResponse(reason is None, reason, payer)

    # ----------------------------------------------------------------- settle

    def claim(
        self, payload: PaymentPayload, required: PaymentRequirements, resource: str = ""
    ) -> JournalRow | None:
        """Record a verified payment in the journal; the blocking row if already claimed."""
        auth = payload.authorization
        return self.journal.claim(
            self.key(payload),
            network=self.network,
            asset=self.asset,
            payer=str(to_checksum_address(auth.payer)),
            nonce=auth.nonce.lower(),
            payload=payload.to_json(),
            requirements=required.to_json(),
            resource=resource,
        )

    def settle(
        self, payload: PaymentPayload, required: PaymentRequirements, resource: str = ""
    ) -> SettleResponse:
        """Verify, claim and settle once; a replay gets ``nonce_already_used``."""
        payer = payload.authorization.payer
        verdict = self.verify(payload, required)
        if not verdict.is_valid:
            return SettleResponse(False, self.network, "", payer, verdict.invalid_reason)
        if self.claim(payload, required, resource) is not None:
            return SettleResponse(False, self.network, "", payer, p.NONCE_USED)
        crash_point("after_verify")
        return self.settle_claimed(self.key(payload), payload)

    def settle_claimed(self, key: str, payload: PaymentPayload) -> SettleResponse:
        """Submit the settlement of a claimed (``verified``) payment and wait for it."""
        auth = payload.authorization
        payer = str(to_checksum_address(auth.payer))
        with self._sending:
            tx_hash, raw = self._sign_and_record(key, payer, payload)
            crash_point("before_broadcast")
            refused = self._broadcast(raw)
        return self._pushed(key, payer, tx_hash, refused, auth.nonce, auth.valid_before)

    def _sign_and_record(
        self, key: str, payer: str, payload: PaymentPayload
    ) -> tuple[str, str]:
        """Sign the settlement and journal its hash and bytes (before any broadcast)."""
        auth = payload.authorization
        tx_hash, raw = self.chain.sign_settlement(
            self.signer,
            payer=payer,
            pay_to=auth.pay_to,
            value=auth.value,
            valid_after=auth.valid_after,
            valid_before=auth.valid_before,
            nonce=auth.nonce,
            signature=payload.signature,
        )
        self.journal.submitted(key, tx_hash, raw)
        return tx_hash, raw

    def _broadcast(self, raw: str) -> BroadcastError | None:
        """Send a signed settlement; the node's refusal, if it refused."""
        try:
            self.chain.broadcast(raw)
        except BroadcastError as exc:
            self.chain.forget_nonce(self.signer.address)
            return exc
        return None

    def _push(
        self, key: str, payer: str, tx_hash: str, raw: str, nonce: str, valid_before: int
    ) -> SettleResponse:
        """Broadcast an already journaled settlement again and see it through."""
        with self._sending:
            refused = self._broadcast(raw)
        return self._pushed(key, payer, tx_hash, refused, nonce, valid_before)

    def _pushed(
        self,
        key: str,
        payer: str,
        tx_hash: str,
        refused: BroadcastError | None,
        nonce: str,
        valid_before: int,
    ) -> SettleResponse:
        if refused is not None:
            if refused.nonce_too_low and self.chain.receipt_status(tx_hash) is None:
                return self._resign(key, payer, valid_before)
            return self._refused(key, payer, tx_hash, refused, nonce)
        crash_point("after_submit")
        return self._finish(key, payer, tx_hash, nonce)

    def _finish(self, key: str, payer: str, tx_hash: str, nonce: str) -> SettleResponse:
        status = self.chain.wait_receipt(tx_hash, self.receipt_timeout)
        if status is None:  # still pending: stays "submitted", reconcile will finish it
            return SettleResponse(False, self.network, "", payer, p.INVALID_TRANSACTION_STATE)
        if status == 1:
            receipt = SettleResponse(True, self.network, tx_hash, payer)
            self.journal.settled(key, tx_hash, receipt.to_json())
            return receipt
        used = self.chain.authorization_used(payer, nonce)
        reason = p.NONCE_USED if used else p.TRANSACTION_FAILED
        self.journal.failed(key, reason)
        return SettleResponse(False, self.network, "", payer, reason)

    def _resign(self, key: str, payer: str, valid_before: int) -> SettleResponse:
        """Our account nonce went to another transaction: sign again with a fresh one."""
        row = self.journal.get(key)
        if row is None:  # pragma: no cover - the caller holds the claim
            return SettleResponse(False, self.network, "", payer, p.INVALID_TRANSACTION_STATE)
        payload = PaymentPayload.from_json(row.payload)
        auth = payload.authorization
        if self.chain.authorization_used(payer, auth.nonce):
            self.journal.failed(key, p.NONCE_USED)
            return SettleResponse(False, self.network, "", payer, p.NONCE_USED)
        if valid_before <= self.chain.now() + 1:
            self.journal.failed(key, p.VALID_BEFORE)
            return SettleResponse(False, self.network, "", payer, p.VALID_BEFORE)
        with self._sending:
            tx_hash, raw = self._sign_and_record(key, payer, payload)
            refused = self._broadcast(raw)
        if refused is not None:
            return self._refused(key, payer, tx_hash, refused, auth.nonce)
        return self._finish(key, payer, tx_hash, auth.nonce)

    def _refused(
        self, key: str, payer: str, tx_hash: str, refused: BroadcastError, nonce: str
    ) -> SettleResponse:
        """A broadcast failed: close the row if the node refused, else leave it open.

        A refusal the node answered (e.g. our account cannot pay the gas) means it does
        not hold the transaction: unless the chain shows it or the authorization used,
        the row is ``failed`` and the payer, not charged, may retry with the same
        header at once. A transport failure leaves the row ``submitted``: the
        transaction may have arrived, and :meth:`reconcile` finishes it. A transaction
        the chain already holds is seen through as usual.
        """
        if refused.definitive and self.chain.receipt_status(tx_hash) is not None:
            return self._finish(key, payer, tx_hash, nonce)  # it was mined after all
        log.warning("settlement %s not broadcast: %s", tx_hash, refused)
        if refused.definitive:
            if self.chain.authorization_used(payer, nonce):
                self.journal.failed(key, p.NONCE_USED)
                return SettleResponse(False, self.network, "", payer, p.NONCE_USED)
            self.journal.failed(key, f"{p.UNEXPECTED_SETTLE_ERROR}: {refused}")
        return SettleResponse(False, self.network, "", payer, p.UNEXPECTED_SETTLE_ERROR)

    # -------------------------------------------------------------- recovery

    def reconcile(self) -> dict[str, int]:
        """Close every open journal row after a restart, from the journal and the chain.

        ``verified`` rows were never submitted (nobody was charged or served): they are
        released. ``submitted`` rows are looked up on chain; a mined transaction settles
        or fails the row; an unmined one is broadcast again (re-signed if our account
        nonce was taken meanwhile). Call it before serving.

        Returns:
            Number of rows per outcome state.
        """
        outcome: dict[str, int] = {}
        for row in self.journal.rows("verified"):
            self.journal.release(row.key, "recovered: never submitted")
            outcome["released"] = outcome.get("released", 0) + 1
        self.chain.forget_nonce(self.signer.address)
        for row in self.journal.rows("submitted"):
            auth = PaymentPayload.from_json(row.payload).authorization
            status = self.chain.receipt_status(row.tx_hash)
            if status is None:
                result = self._push(
                    row.key, row.payer, row.tx_hash, row.raw_tx, auth.nonce, auth.valid_before
                )
            else:
                result = self._finish(row.key, row.payer, row.tx_hash, auth.nonce)
            state = "settled" if result.success else (self.journal.get(row.key) or row).state
            outcome[state] = outcome.get(state, 0) + 1
        if outcome:
            log.info("journal reconciled: %s", outcome)
        return outcome
