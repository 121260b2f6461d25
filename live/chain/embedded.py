"""In-process EVM chain (eth-tester + py-evm) with PathUSD deployed.

:class:`EmbeddedChain` needs no node or server: it wraps
``Web3(EthereumTesterProvider(EthereumTester(PyEVMBackend())))`` and deploys
the committed ``PathUSD.json`` artifact from the first dev account.

Chain facts (eth-tester 0.14 defaults):

* chain id: ``131277322940537`` (:data:`CHAIN_ID`; CAIP-2 / x402 network
  ``eip155:131277322940537``, :data:`NETWORK`); fork: Prague; block gas limit
  about 30M.
* accounts: 10 unlocked dev accounts, each pre-funded with 1,000,000 ETH; their
  keys are eth-tester's well-known test keys ``0x00…01`` .. ``0x00…0a`` (public
  knowledge: never use them on a real network). ``accounts[0]``
  (``0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf``) is the deployer, token owner
  and faucet.
* the token is deployed with the deployer's nonce 0, so its address is always
  ``0xF2E246BB76DF876Cef8b38ae84130F4F55De395b`` (:data:`TOKEN_ADDRESS`).
* auto-mining is on: every transaction is mined in its own block.

Determinism: the same sequence of calls yields the same addresses, balances,
nonces, transaction hashes and receipts. Block timestamps follow the wall
clock (use :meth:`EmbeddedChain.advance_time` to move time forward).

Thread-safety: eth-tester is not thread-safe. The helper methods here hold
:attr:`EmbeddedChain.lock`; callers using ``chain.w3`` directly from several
threads should hold it too.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any, Final, Protocol

from eth_account.datastructures import SignedTransaction
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.exceptions import (
    TransactionFailed as EthTesterTransactionFailed,
)
from eth_typing import ChecksumAddress, HexAddress, HexStr
from eth_utils.address import to_checksum_address
from hexbytes import HexBytes
from web3 import EthereumTesterProvider, Web3
from web3.contract import Contract
from web3.contract.contract import ContractFunction
from web3.exceptions import ContractLogicError
from web3.types import TxParams, TxReceipt, Wei

from live.chain.token import DEFAULT_NAME, DEFAULT_SYMBOL, DEFAULT_VERSION, Domain, load_artifact

CHAIN_ID: Final = 131277322940537
NETWORK: Final = f"eip155:{CHAIN_ID}"
#: Gas limit used instead of estimation (py-evm's estimate re-executes the call
#: ~15 times). Only the gas actually used is charged; token calls use < 100k.
DEFAULT_GAS_LIMIT: Final = 1_000_000
DEPLOYER_ADDRESS: Final = ChecksumAddress(
    HexAddress(HexStr("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"))
)
TOKEN_ADDRESS: Final = ChecksumAddress(
    HexAddress(HexStr("0xF2E246BB76DF876Cef8b38ae84130F4F55De395b"))
)


class TransactionSigner(Protocol):
    """Anything that signs raw transactions: ``LocalAccount`` or ``Wallet``."""

    @property
    def address(self) -> str:
        """Checksummed address of the signer."""
        ...

    def sign_transaction(self, transaction_dict: dict[str, Any]) -> SignedTransaction:
        """Sign a transaction dict."""
        ...


class TransactionFailedError(RuntimeError):
    """A transaction reverted, at gas estimation or after being mined.

    Attributes:
        reason: Revert reason when known (e.g. ``"authorization is expired"``),
            otherwise an empty string.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


_REVERT_PREFIX: Final = "execution reverted: "


@contextlib.contextmanager
def _reverts_as_failed() -> Iterator[None]:
    """Translate backend-specific revert exceptions into TransactionFailedError."""
    try:
        yield
    except (EthTesterTransactionFailed, ContractLogicError) as exc:
        message = str(exc.args[0]) if exc.args else str(exc)
        reason = message.removeprefix(_REVERT_PREFIX) if message.startswith(_REVERT_PREFIX) else ""
        raise TransactionFailedError(message, reason) from exc


class EmbeddedChain:
    """An in-process eth-tester chain with PathUSD deployed.

    Attributes:
        w3: Web3 instance bound to the in-process provider.
        tester: The underlying ``EthereumTester`` (snapshots, time travel).
        token: Web3 contract object for the deployed PathUSD.
        chain_id: Chain id (:data:`CHAIN_ID`).
        accounts: Unlocked, pre-funded dev accounts (``accounts[0]`` is owner).
        owner: Deployer, token owner and faucet.
        domain: EIP-712 domain of the token (for signing authorizations).
        deploy_gas_used: Gas used by the deployment transaction.
        lock: Re-entrant lock serialising access to the chain.
    """

    def __init__(
        self,
        *,
        name: str = DEFAULT_NAME,
        symbol: str = DEFAULT_SYMBOL,
        artifact: dict[str, Any] | None = None,
    ) -> None:
        """Start the chain and deploy the token.

        Args:
            name: Token name (also the EIP-712 domain name).
            symbol: Token symbol.
            artifact: Build artifact; defaults to the committed ``PathUSD.json``.
        """
        self.lock = threading.RLock()
        self.tester = EthereumTester(PyEVMBackend())
        self.tester.enable_auto_mine_transactions()
        self.w3 = Web3(EthereumTesterProvider(self.tester))
        self.chain_id: int = int(self.w3.eth.chain_id)
        self.accounts: list[ChecksumAddress] = [
            to_checksum_address(a) for a in self.w3.eth.accounts
        ]
        self.owner: ChecksumAddress = self.accounts[0]
        art = artifact if artifact is not None else load_artifact()
        factory = self.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
        tx_hash = factory.constructor(name, symbol).transact({"from": self.owner})
        receipt = self._receipt(tx_hash)
        address = receipt["contractAddress"]
        if address is None:  # pragma: no cover - deployment always sets it
            raise TransactionFailedError("deployment did not create a contract")
        self.deploy_gas_used: int = int(receipt["gasUsed"])
        self.token: Contract = self.w3.eth.contract(address=address, abi=art["abi"])
        self.domain = Domain(
            name=name,
            version=DEFAULT_VERSION,
            chain_id=self.chain_id,
            verifying_contract=to_checksum_address(address),
        )

    def __repr__(self) -> str:
        return f"EmbeddedChain(chain_id={self.chain_id}, token={self.token.address})"

    # ------------------------------------------------------------ internals

    @staticmethod
    def _preflight(call: ContractFunction, sender: ChecksumAddress) -> None:
        """Dry-run ``call`` on the pending block so reverts raise with a reason."""
        call.call({"from": sender}, block_identifier="pending")

    def _receipt(self, tx_hash: HexBytes) -> TxReceipt:
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=10)
        if receipt["status"] != 1:
            raise TransactionFailedError(f"transaction {tx_hash.hex()} reverted")
        return receipt

    # -------------------------------------------------------------- queries

    @property
    def token_address(self) -> ChecksumAddress:
        """Checksummed address of the PathUSD contract."""
        return self.token.address

    def balance_of(self, address: str) -> int:
        """Return the PathUSD balance of ``address`` in atomic units.

        Args:
            address: Account to query.

        Returns:
            Balance in atomic units (6 decimals).
        """
        with self.lock:
            return int(self.token.functions.balanceOf(to_checksum_address(address)).call())

    def total_supply(self) -> int:
        """Return the PathUSD total supply in atomic units."""
        with self.lock:
            return int(self.token.functions.totalSupply().call())

    def eth_balance(self, address: str) -> int:
        """Return the native (gas) balance of ``address`` in wei.

        Args:
            address: Account to query.

        Returns:
            Balance in wei.
        """
        with self.lock:
            return int(self.w3.eth.get_balance(to_checksum_address(address)))

    def timestamp(self) -> int:
        """Return the timestamp of the latest mined block (unix seconds)."""
        with self.lock:
            return int(self.w3.eth.get_block("latest")["timestamp"])

    # ------------------------------------------------------------- actions

    def faucet(self, address: str, amount_units: int) -> TxReceipt:
        """Mint ``amount_units`` of PathUSD to ``address`` (owner-signed).

        Args:
            address: Recipient.
            amount_units: Atomic units to mint (must be positive).

        Returns:
            The mined receipt.

        Raises:
            TransactionFailedError: If the mint reverts.
        """
        if amount_units <= 0:
            raise ValueError("amount_units must be positive")
        return self.transact(
            self.token.functions.mint(to_checksum_address(address), int(amount_units))
        )

    def fund_gas(self, address: str, wei: int) -> TxReceipt:
        """Send native currency for gas from the deployer to ``address``.

        Args:
            address: Recipient.
            wei: Amount in wei (must be positive).

        Returns:
            The mined receipt.
        """
        if wei <= 0:
            raise ValueError("wei must be positive")
        to = to_checksum_address(address)
        tx: TxParams = {"from": self.owner, "to": to, "value": Wei(int(wei))}
        with self.lock, _reverts_as_failed():
            if not self.w3.eth.get_code(to):
                tx["gas"] = 21_000  # plain value transfer: skip slow estimation
            return self._receipt(self.w3.eth.send_transaction(tx))

    def transact(self, call: ContractFunction, sender: str | None = None) -> TxReceipt:
        """Send a contract call from an unlocked dev account.

        Args:
            call: A bound contract function, e.g. ``token.functions.mint(a, 1)``.
            sender: One of :attr:`accounts`; defaults to :attr:`owner`.

        Returns:
            The mined receipt.

        Raises:
            TransactionFailedError: If the call reverts (normally detected by a
                preflight ``eth_call``, before anything is mined).
        """
        account = to_checksum_address(sender or self.owner)
        with self.lock, _reverts_as_failed():
            self._preflight(call, account)
            tx_hash = call.transact({"from": account, "gas": DEFAULT_GAS_LIMIT})
            return self._receipt(tx_hash)

    def send(
        self, call: ContractFunction, signer: TransactionSigner, *, gas: int | None = None
    ) -> TxReceipt:
        """Sign a contract call locally and submit it as a raw transaction.

        The nonce is taken from the signer's pending transaction count under
        :attr:`lock`, so concurrent senders do not collide.

        Args:
            call: A bound contract function.
            signer: Local account or wallet paying for gas.
            gas: Gas limit. When omitted, a preflight ``eth_call`` surfaces any
                revert reason and :data:`DEFAULT_GAS_LIMIT` is used (no
                estimation: it is slow on py-evm). With an explicit limit there
                is no preflight and a revert is only seen once mined.

        Returns:
            The mined receipt.

        Raises:
            TransactionFailedError: If the preflight call reverts or the mined
                transaction reverted.
        """
        sender = to_checksum_address(signer.address)
        with self.lock, _reverts_as_failed():
            params: TxParams = {
                "from": sender,
                "nonce": self.w3.eth.get_transaction_count(sender, "pending"),
                "chainId": self.chain_id,
            }
            if gas is None:
                self._preflight(call, sender)
                gas = DEFAULT_GAS_LIMIT
            params["gas"] = gas
            tx = call.build_transaction(params)
            signed = signer.sign_transaction(dict(tx))
            return self._receipt(self.w3.eth.send_raw_transaction(signed.raw_transaction))

    # ---------------------------------------------------------- test tools

    def advance_time(self, seconds: int) -> int:
        """Move the chain clock forward; the next block gets the new time.

        Args:
            seconds: How far to move past the latest block timestamp (> 0).

        Returns:
            The timestamp the next block will carry.
        """
        if seconds <= 0:
            raise ValueError("seconds must be positive")
        with self.lock:
            target = self.timestamp() + int(seconds)
            self.tester.time_travel(target)
            return target

    def snapshot(self) -> int:
        """Take a state snapshot.

        Returns:
            Snapshot id for :meth:`revert`.
        """
        with self.lock:
            return int(self.tester.take_snapshot())

    def revert(self, snapshot_id: int) -> None:
        """Revert the chain to a snapshot taken with :meth:`snapshot`.

        Args:
            snapshot_id: Id returned by :meth:`snapshot`.
        """
        with self.lock:
            self.tester.revert_to_snapshot(snapshot_id)
