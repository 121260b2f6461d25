"""Live Ledger adapter: PathUSD on an EVM chain through web3, settled by our facilitator.

:class:`Web3Ledger` implements :class:`colony_sim.ports.Ledger` on a real (or embedded)
chain. It holds the wallets of the agents it signs for; ``authorize`` signs an EIP-3009
``TransferWithAuthorization`` (EIP-712) exactly as an x402 client does; ``verify`` and
``settle`` go through the embedded :class:`~live.x402.facilitator.Facilitator` (same
rules as the simulation, exactly-once journal); ``transfer`` sends a plain ERC-20
transfer signed by the payer (who needs gas).

It passes the same contract suite as the simulated ledger
(``tests/contract/test_ledger_web3.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from eth_utils.address import is_address, to_checksum_address

from colony_sim import payments as p
from colony_sim.errors import InsufficientFunds, PaymentError
from colony_sim.payments import (
    Authorization,
    PaymentPayload,
    PaymentRequirements,
    SettleResponse,
    VerifyResponse,
)
from live.chain.token import sign_transfer_authorization
from live.chain.wallet import Wallet
from live.x402.chain_web3 import TxSigner, Web3Chain
from live.x402.facilitator import Facilitator
from live.x402.journal import Journal

CLOCK_SKEW_S = 600
"""Authorizations start this many seconds in the past, as x402 clients do."""


class Web3Ledger:
    """Ledger port on an EVM chain.

    Args:
        chain: Chain access for the token.
        facilitator_signer: Account that submits settlements and pays their gas.
        wallets: Wallets this ledger may sign for.
        journal: Settlement journal (in memory when omitted).
        accounts: Named accounts → addresses (e.g. the agent cycle's ``"sim:compute"``,
            the provider its compute costs are paid to, → the node operator's wallet).
    """

    def __init__(
        self,
        chain: Web3Chain,
        facilitator_signer: TxSigner,
        wallets: Iterable[Wallet] = (),
        journal: Journal | None = None,
        accounts: dict[str, str] | None = None,
    ) -> None:
        self.accounts = dict(accounts or {})
        self.chain = chain
        self.facilitator = Facilitator(chain, facilitator_signer, journal)
        self.network: str = chain.network
        self.asset: str = chain.token_address
        self._wallets: dict[str, Wallet] = {}
        for wallet in wallets:
            self.add_wallet(wallet)

    def add_wallet(self, wallet: Wallet) -> str:
        """Let the ledger sign for ``wallet``; returns its address."""
        self._wallets[wallet.address] = wallet
        return wallet.address

    def now(self) -> float:
        """Chain time in seconds."""
        return self.chain.now()

    def _wallet(self, address: str) -> Wallet:
        key = to_checksum_address(address) if is_address(address) else address
        wallet = self._wallets.get(str(key))
        if wallet is None:
            raise PaymentError(p.SIGNATURE_INVALID, f"payer {address}: no key held for it")
        return wallet

    def balance_of(self, address: str) -> int:
        """Token balance in atomic units (0 for anything that is not an EVM address)."""
        if not is_address(address):
            return 0
        return self.chain.balance_of(address)

    def authorize(
        self,
        payer: str,
        requirements: PaymentRequirements,
        nonce: str,
        *,
        valid_after: int | None = None,
        valid_before: int | None = None,
    ) -> PaymentPayload:
        """Sign an "exact" payment of ``requirements.amount`` from ``payer``.

        The signature is over this ledger's token domain; the window defaults to
        ``[now − 600 s, now + maxTimeoutSeconds)`` on the chain clock.
        """
        wallet = self._wallet(payer)
        now = int(self.now())
        after = max(0, now - CLOCK_SKEW_S) if valid_after is None else valid_after
        before = now + requirements.max_timeout_seconds if valid_before is None else valid_before
        if not is_address(requirements.pay_to):
            raise PaymentError(p.INVALID_PAYLOAD, f"payTo: {requirements.pay_to!r} not an address")
        signed = sign_transfer_authorization(
            wallet,
            self.chain.domain,
            to=requirements.pay_to,
            value=requirements.amount,
            valid_after=after,
            valid_before=before,
            nonce=nonce,
        )
        auth = Authorization(
            payer=wallet.address,
            pay_to=str(signed.to),
            value=requirements.amount,
            valid_after=after,
            valid_before=before,
            nonce=nonce.lower(),
        )
        return PaymentPayload(requirements, auth, "0x" + signed.signature.hex())

    def verify(self, payload: PaymentPayload, requirements: PaymentRequirements) -> VerifyResponse:
        """Check a payment without moving money."""
        return self.facilitator.verify(payload, requirements)

    def settle(self, payload: PaymentPayload, requirements: PaymentRequirements) -> SettleResponse:
        """Verify and settle once on chain; a replay gets ``nonce_already_used``."""
        return self.facilitator.settle(payload, requirements)

    def transfer(self, payer: str, pay_to: str, amount: int, memo: str = "") -> str:
        """ERC-20 ``transfer`` signed by ``payer``; returns the transaction hash.

        Raises:
            InsufficientFunds: if ``payer`` cannot cover ``amount`` (nothing is sent).
        """
        if amount < 0:
            raise ValueError("amount: must be non-negative")
        pay_to = self.accounts.get(pay_to, pay_to)
        if not is_address(pay_to):
            raise ValueError(f"pay_to: {pay_to!r} is neither an address nor a named account")
        wallet = self._wallet(payer)
        have = self.balance_of(wallet.address)
        if have < amount:
            raise InsufficientFunds(f"{wallet.address} has {have}, needs {amount}")
        return self.chain.send_token_call(
            wallet, "transfer", [to_checksum_address(pay_to), int(amount)]
        )
