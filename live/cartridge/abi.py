"""The data that crosses the host ABI: requests, payments and call results.

Pure Python (no wasmtime): the request JSON the guest reads, the packed ``ptr << 32 | len``
values the host returns, and the result of one call as the HTTP layer sees it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from types import MappingProxyType

IMPORT_MODULE = "x402"
ALIAS_MODULE = "env"
ALIAS_PREFIX = "x402_"
IMPORT_NAMES = ("log", "kv_get", "kv_set", "payment_info", "response")
HANDLE_EXPORT = "x402_handle"
ALLOC_EXPORT = "x402_alloc"
MEMORY_EXPORT = "memory"
ABI_VERSIONS = (1, 2)
DEFAULT_CONTENT_TYPE = "application/json"
LOG_LEVELS = {0: "debug", 1: "info", 2: "warn"}


def pack(ptr: int, length: int) -> int:
    """The i64 a host import returns for a value at ``ptr`` of ``length`` bytes."""
    return (ptr << 32) | length


def unpack(packed: int) -> tuple[int, int]:
    """Inverse of :func:`pack`: ``(ptr, length)``."""
    return (packed >> 32) & 0xFFFFFFFF, packed & 0xFFFFFFFF


def import_names() -> set[tuple[str, str]]:
    """Every ``(module, name)`` import the host provides (``x402.*`` and ``env.x402_*``)."""
    names = {(IMPORT_MODULE, n) for n in IMPORT_NAMES}
    return names | {(ALIAS_MODULE, ALIAS_PREFIX + n) for n in IMPORT_NAMES}


@dataclass(frozen=True, slots=True)
class Payment:
    """The payment that bought a request, as the guest sees it through ``payment_info``.

    The gateway settles on chain only after the cartridge has answered (so a failing
    cartridge costs the payer nothing): during the call the payment is verified and its
    nonce claimed, but usually not settled yet. Then ``tx_hash`` is "" and the JSON says
    ``"settled": false``.

    Attributes:
        payer: Payer's address.
        amount: Amount in atomic units (a string in the JSON, as in x402).
        tx_hash: Settlement transaction hash ("" while not settled).
        asset: Token contract address ("" when not known).
        network: CAIP-2 network id, e.g. ``eip155:31337`` ("" when not known).
        nonce: The EIP-3009 authorization nonce, unique per payment ("" when not known).
    """

    payer: str
    amount: int
    tx_hash: str = ""
    _: KW_ONLY
    asset: str = ""
    network: str = ""
    nonce: str = ""

    @property
    def settled(self) -> bool:
        """The payment is on chain (its ``tx_hash`` is known)."""
        return bool(self.tx_hash)

    def to_json(self) -> bytes:
        """``{payer, amount, tx_hash, settled, asset, network, nonce}`` as UTF-8 JSON.

        The first three keys are the seed ABI's, with the same types (strings); the others
        are additions a guest may ignore.
        """
        data = {
            "payer": self.payer,
            "amount": str(self.amount),
            "tx_hash": self.tx_hash,
            "settled": self.settled,
            "asset": self.asset,
            "network": self.network,
            "nonce": self.nonce,
        }
        return json.dumps(data, separators=(",", ":")).encode()


def payment_json(payment: Payment | None) -> bytes:
    """What ``payment_info`` hands the guest: the payment's JSON or ``null``."""
    return b"null" if payment is None else payment.to_json()


@dataclass(frozen=True, slots=True)
class CartridgeRequest:
    """One HTTP request as handed to ``x402_handle``.

    Attributes:
        method: HTTP method.
        path: Path below the cartridge's slug, with the query string ("/" at least).
        body: Request body (UTF-8 text).
        headers: Request headers, lower-case names.
        payment: The payment, on a paid route.
    """

    method: str = "GET"
    path: str = "/"
    body: str = ""
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    payment: Payment | None = None

    def encode(self) -> bytes:
        """The request JSON ``{method, path, headers, payment, body}``.

        ``body`` is always the last key, so a guest without a JSON parser finds it by
        scanning back from the end for ``"body":`` (the echo template does).
        """
        pay = None if self.payment is None else json.loads(self.payment.to_json())
        data = {
            "method": self.method,
            "path": self.path,
            "headers": dict(self.headers),
            "payment": pay,
            "body": self.body,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class CallResult:
    """What one invocation produced.

    Attributes:
        status: HTTP status (the guest's, or 500/504 when the call failed).
        body: Response body.
        content_type: Response content type.
        error: ``None`` when the guest answered; else the failure kind (``fuel``,
            ``timeout``, ``stack_overflow``, ``memory``, ``abi``, ``trap``, ``no_response``,
            ``load``, ``host_error``).
        reason: Human explanation of ``error`` ("" when none).
        fuel_used: Fuel consumed.
        duration: Wall-clock seconds of the call.
        logs: ``(level, text)`` pairs the guest logged (bounded by ``max_log_bytes``).
    """

    status: int
    body: bytes
    content_type: str = DEFAULT_CONTENT_TYPE
    error: str | None = None
    reason: str = ""
    fuel_used: int = 0
    duration: float = 0.0
    logs: tuple[tuple[int, str], ...] = ()

    @property
    def ok(self) -> bool:
        """The guest answered with a 2xx status."""
        return self.error is None and 200 <= self.status < 300

    @classmethod
    def failure(
        cls,
        error: str,
        reason: str,
        *,
        fuel_used: int = 0,
        duration: float = 0.0,
        logs: tuple[tuple[int, str], ...] = (),
    ) -> CallResult:
        """A failed call: status 504 for a timeout, else 500, with a JSON error body."""
        body = json.dumps({"error": "cartridge_" + error, "message": reason}).encode()
        status = 504 if error == "timeout" else 500
        return cls(status, body, DEFAULT_CONTENT_TYPE, error, reason, fuel_used, duration, logs)
