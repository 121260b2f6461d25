"""The facilitator's view of the chain, through web3: reads, signing and broadcasting.

:class:`Web3Chain` wraps a ``Web3`` instance and the PathUSD (EIP-3009) token. It works
on the in-process :class:`~live.chain.embedded.EmbeddedChain` (pass its lock) and on any
JSON-RPC node such as anvil (:meth:`Web3Chain.connect`).

Settlement transactions are signed locally with explicit account nonces, so the
transaction hash is known *before* broadcasting: the journal stores it (with the raw
bytes) first, and a crash between signing and broadcasting can be repaired on restart.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Final, Protocol

from eth_abi import encode as abi_encode
from eth_account.datastructures import SignedTransaction
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import ProviderConnectionError, TransactionNotFound
from web3.types import RPCEndpoint

from live.chain.token import Domain, load_artifact, split_signature

SETTLE_GAS_LIMIT: Final = 200_000
"""Gas limit of a ``transferWithAuthorization`` (it uses about 60k)."""

_TWA_TYPES: Final = [
    "address",
    "address",
    "uint256",
    "uint256",
    "uint256",
    "bytes32",
    "uint8",
    "bytes32",
    "bytes32",
]
_TRANSFER_WITH_AUTH: Final = keccak(text=f"transferWithAuthorization({','.join(_TWA_TYPES)})")[:4]
_ZERO_ADDRESS: Final = "0x" + "0" * 40
_BALANCE_OF: Final = keccak(text="balanceOf(address)")[:4]
_AUTH_STATE: Final = keccak(text="authorizationState(address,bytes32)")[:4]


class TxSigner(Protocol):
    """A local account able to sign transactions (``LocalAccount`` or ``Wallet``)."""

    @property
    def address(self) -> str:
        """Checksummed address."""
        ...

    def sign_transaction(self, transaction_dict: dict[str, Any]) -> SignedTransaction:
        """Sign a transaction dict."""
        ...


class BroadcastError(RuntimeError):
    """The node refused a raw transaction.

    Attributes:
        nonce_too_low: The account nonce was already used by another transaction.
        definitive: The node answered with a refusal, so it does not hold the
            transaction. ``False`` when the request failed in transport (connection
            refused, reset, timed out): the node may or may not have received it.
    """

    def __init__(
        self, message: str, *, nonce_too_low: bool = False, definitive: bool = True
    ) -> None:
        super().__init__(message)
        self.nonce_too_low = nonce_too_low
        self.definitive = definitive


class Web3Chain:
    """Token reads and settlement transactions over one ``Web3`` connection.

    Args:
        w3: Connected Web3 instance.
        token_address: PathUSD (or any EIP-3009 token) address.
        lock: Lock serialising calls (required for eth-tester, optional for RPC).
        clock_ttl: Seconds to cache the latest block timestamp (0 = read every time).
    """

    def __init__(
        self,
        w3: Web3,
        token_address: str,
        *,
        lock: threading.RLock | None = None,
        clock_ttl: float = 0.0,
    ) -> None:
        self.w3 = w3
        self.token = w3.eth.contract(
            address=to_checksum_address(token_address), abi=load_artifact()["abi"]
        )
        self._lock = lock if lock is not None else threading.RLock()
        self._clock_ttl = clock_ttl
        self._clock_cache = (0.0, 0)
        with self._locked():
            self.chain_id: int = int(w3.eth.chain_id)
            name = str(self.token.functions.name().call())
            version = str(self.token.functions.version().call())
            accounts = list(w3.eth.accounts)
        # eth_call sender: a node-held (funded) account if any, as eth-tester charges gas
        self._call_from = str(accounts[0]) if accounts else _ZERO_ADDRESS
        self.domain = Domain(name, version, self.chain_id, self.token.address)
        self.network = f"eip155:{self.chain_id}"
        self._gas_price = (0.0, 0)
        self._nonce_lock = threading.Lock()
        self._next_nonce: dict[str, int] = {}
        # JSON-RPC batches when the provider sends them (HTTP does; in-process eth-tester not)
        self._batches = callable(getattr(w3.provider, "make_batch_request", None))

    @classmethod
    def connect(cls, rpc_url: str, token_address: str, *, timeout: float = 10.0) -> Web3Chain:
        """Connect to a JSON-RPC node (e.g. anvil) over HTTP."""
        provider = Web3.HTTPProvider(
            rpc_url, request_kwargs={"timeout": timeout}, cache_allowed_requests=True
        )
        w3 = Web3(provider)
        return cls(w3, token_address, clock_ttl=0.5)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock:
            yield

    @property
    def token_address(self) -> str:
        """Checksummed token address."""
        return str(self.token.address)

    # ------------------------------------------------------------------- reads

    def now(self) -> float:
        """Chain time: the later of the wall clock and the latest block's timestamp."""
        wall = time.time()
        fetched, stamp = self._clock_cache
        if self._clock_ttl <= 0 or wall - fetched > self._clock_ttl:
            with self._locked():
                stamp = int(self.w3.eth.get_block("latest")["timestamp"])
            self._clock_cache = (wall, stamp)
        return max(wall, float(stamp))

    def _call(self, selector: bytes, types: list[str], args: list[Any]) -> tuple[RPCEndpoint, Any]:
        """The raw ``eth_call`` request of a token view (no web3 formatting layers)."""
        data = "0x" + (selector + abi_encode(types, args)).hex()
        call = {"from": self._call_from, "to": self.token.address, "data": data}
        return RPCEndpoint("eth_call"), [call, "latest"]

    def _views(self, calls: list[tuple[RPCEndpoint, Any]]) -> list[int]:
        """Answers of token views that return one word each.

        One JSON-RPC batch (a single round trip) when the provider sends batches, else
        one request per call.
        """
        provider: Any = self.w3.provider  # JSON-RPC providers have make_batch_request
        with self._locked():
            answers: Any = None
            if len(calls) > 1 and self._batches:
                try:
                    answers = provider.make_batch_request(calls)
                except NotImplementedError:  # a provider type that inherits but lacks it
                    self._batches = False
            if answers is None:
                answers = [provider.make_request(method, params) for method, params in calls]
        if not isinstance(answers, list):  # a batch refused as a whole: one error object
            answers = [answers] * len(calls)
        out = []
        for answer in answers:
            if "error" in answer or "result" not in answer:
                raise RuntimeError(f"eth_call failed: {str(answer.get('error'))[:200]}")
            result = answer["result"]
            raw = bytes(HexBytes(result)) if not isinstance(result, bytes) else result
            out.append(int.from_bytes(raw[:32], "big"))
        return out

    def _balance_call(self, address: str) -> tuple[RPCEndpoint, Any]:
        return self._call(_BALANCE_OF, ["address"], [to_checksum_address(address)])

    def _auth_call(self, payer: str, nonce: str) -> tuple[RPCEndpoint, Any]:
        args = [to_checksum_address(payer), bytes(HexBytes(nonce))]
        return self._call(_AUTH_STATE, ["address", "bytes32"], args)

    def balance_of(self, address: str) -> int:
        """Token balance in atomic units."""
        return self._views([self._balance_call(address)])[0]

    def authorization_used(self, payer: str, nonce: str) -> bool:
        """On-chain ``authorizationState(payer, nonce)`` (used or cancelled)."""
        return bool(self._views([self._auth_call(payer, nonce)])[0])

    def payer_state(self, payer: str, nonce: str) -> tuple[int, bool]:
        """``(balance_of(payer), authorization_used(payer, nonce))`` in one round trip."""
        balance, used = self._views([self._balance_call(payer), self._auth_call(payer, nonce)])
        return balance, bool(used)

    def receipt_status(self, tx_hash: str) -> int | None:
        """1 (success) or 0 (reverted) for a mined transaction, ``None`` if not mined."""
        with self._locked():
            try:
                receipt = self.w3.eth.get_transaction_receipt(HexBytes(tx_hash))
            except TransactionNotFound:
                return None
        if receipt is None:  # some providers answer null instead of raising
            return None
        return int(receipt["status"])

    def wait_receipt(self, tx_hash: str, timeout: float = 30.0) -> int | None:
        """Poll for a receipt (fast first, then backing off); ``None`` on timeout."""
        deadline = time.monotonic() + timeout
        delay = 0.002
        while True:
            status = self.receipt_status(tx_hash)
            if status is not None or time.monotonic() > deadline:
                return status
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    # ------------------------------------------------------------------ writes

    def gas_price(self) -> int:
        """Twice the node's gas price, refreshed every 30 s (covers base-fee drift)."""
        fetched, price = self._gas_price
        if time.time() - fetched > 30 or not price:
            with self._locked():
                price = 2 * int(self.w3.eth.gas_price)
            self._gas_price = (time.time(), price)
        return price

    def reserve_nonce(self, sender: str) -> int:
        """Next account nonce for ``sender`` (read from the node once, then counted)."""
        with self._nonce_lock:
            nonce = self._next_nonce.get(sender)
            if nonce is None:
                with self._locked():
                    address = to_checksum_address(sender)
                    nonce = int(self.w3.eth.get_transaction_count(address, "pending"))
            self._next_nonce[sender] = nonce + 1
            return nonce

    def forget_nonce(self, sender: str) -> None:
        """Drop the counted nonce so the next one is re-read from the node."""
        with self._nonce_lock:
            self._next_nonce.pop(sender, None)

    def sign_settlement(
        self,
        signer: TxSigner,
        *,
        payer: str,
        pay_to: str,
        value: int,
        valid_after: int,
        valid_before: int,
        nonce: str,
        signature: str,
    ) -> tuple[str, str]:
        """Sign (not send) ``transferWithAuthorization`` paid for by ``signer``.

        Returns:
            ``(tx_hash, raw_tx)`` as ``0x`` hex strings.
        """
        v, r, s = split_signature(signature)
        args = [
            to_checksum_address(payer),
            to_checksum_address(pay_to),
            value,
            valid_after,
            valid_before,
            bytes(HexBytes(nonce)),
            v,
            r,
            s,
        ]
        data = _TRANSFER_WITH_AUTH + abi_encode(_TWA_TYPES, args)
        return self._sign_tx(signer, "0x" + data.hex())

    def sign_token_call(self, signer: TxSigner, function: str, args: list[Any]) -> tuple[str, str]:
        """Sign (not send) a call of ``function(*args)`` on the token from ``signer``.

        Returns:
            ``(tx_hash, raw_tx)`` as ``0x`` hex strings.
        """
        return self._sign_tx(signer, self.token.encode_abi(function, args=args))

    def _sign_tx(self, signer: TxSigner, data: str) -> tuple[str, str]:
        sender = to_checksum_address(signer.address)
        tx = {
            "to": self.token.address,
            "data": data,
            "value": 0,
            "gas": SETTLE_GAS_LIMIT,
            "gasPrice": self.gas_price(),
            "nonce": self.reserve_nonce(sender),
            "chainId": self.chain_id,
        }
        signed = signer.sign_transaction(tx)
        return "0x" + bytes(signed.hash).hex(), "0x" + bytes(signed.raw_transaction).hex()

    def send_token_call(
        self, signer: TxSigner, function: str, args: list[Any], *, timeout: float = 30.0
    ) -> str:
        """Sign, send and wait for a token call; returns the transaction hash.

        Raises:
            BroadcastError: The node refused the transaction.
            RuntimeError: It reverted or was not mined within ``timeout``.
        """
        tx_hash, raw = self.sign_token_call(signer, function, args)
        try:
            self.broadcast(raw)
        except BroadcastError:
            self.forget_nonce(to_checksum_address(signer.address))
            raise
        status = self.wait_receipt(tx_hash, timeout)
        if status != 1:
            raise RuntimeError(
                f"{function}: transaction {tx_hash} {'reverted' if status == 0 else 'not mined'}"
            )
        return tx_hash

    def broadcast(self, raw_tx: str) -> None:
        """Send a signed transaction; "already known" counts as sent.

        Raises:
            BroadcastError: The node refused it (``nonce_too_low`` when the account
                nonce was consumed by another transaction), or could not be reached
                (``definitive`` is then False).
        """
        try:
            with self._locked():
                self.w3.eth.send_raw_transaction(HexBytes(raw_tx))
        except _TRANSPORT_ERRORS as exc:  # the node may have received it
            raise BroadcastError(_short(str(exc)), definitive=False) from None
        except Exception as exc:  # providers raise ValueError, Web3RPCError, ...
            text = str(exc).lower()
            if "already known" in text or "already imported" in text:
                return
            low = "nonce too low" in text or "nonce is too low" in text
            # eth-tester: "invalid transaction nonce: expected 7, but got 5"
            found = _TESTER_NONCE.search(text)
            low = low or (found is not None and int(found[2]) < int(found[1]))
            raise BroadcastError(_short(text), nonce_too_low=low) from None

    def call_with(self, fn: Callable[[Web3], Any]) -> Any:
        """Run ``fn(w3)`` under the chain lock (for callers outside this module)."""
        with self._locked():
            return fn(self.w3)


_TRANSPORT_ERRORS: Final = (OSError, TimeoutError, ProviderConnectionError)
"""Failures of the request itself (requests' errors are ``OSError``s)."""

_TESTER_NONCE = re.compile(r"invalid transaction nonce: expected (\d+), but got (\d+)")


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
