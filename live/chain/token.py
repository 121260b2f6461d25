"""Pure helpers for the PathUSD token: units, EIP-712 typed data and signatures.

Money is always an ``int`` of atomic units. PathUSD has 6 decimals, so
``1 pathUSD == 1_000_000`` units (:data:`UNITS_PER_TOKEN`).

The typed-data builders return "full messages" (``types``, ``primaryType``,
``domain``, ``message``) accepted by ``eth_account``'s
``sign_typed_data(full_message=...)`` and by ``eth_account.messages.encode_typed_data``.
They match the on-chain type hashes of ``PathUSD.vy`` exactly::

    TransferWithAuthorization(address from,address to,uint256 value,
                              uint256 validAfter,uint256 validBefore,bytes32 nonce)
    ReceiveWithAuthorization(...same fields...)
    CancelAuthorization(address authorizer,bytes32 nonce)
    Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)

Nothing here touches a chain or a private key directly; signing goes through a
:class:`TypedDataSigner` (an ``eth_account`` ``LocalAccount`` or a
:class:`live.chain.wallet.Wallet`).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, Protocol

from eth_account import Account
from eth_account.datastructures import SignedMessage
from eth_account.messages import encode_typed_data
from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

DECIMALS: Final = 6
UNITS_PER_TOKEN: Final = 10**DECIMALS
DEFAULT_NAME: Final = "pathUSD"
DEFAULT_SYMBOL: Final = "pathUSD"
DEFAULT_VERSION: Final = "1"

ARTIFACT_PATH: Final = Path(__file__).resolve().parent / "contracts" / "PathUSD.json"

SECP256K1_N: Final = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
SECP256K1_HALF_N: Final = SECP256K1_N // 2

_EIP712_DOMAIN_FIELDS: Final = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
_AUTHORIZATION_FIELDS: Final = [
    {"name": "from", "type": "address"},
    {"name": "to", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "validAfter", "type": "uint256"},
    {"name": "validBefore", "type": "uint256"},
    {"name": "nonce", "type": "bytes32"},
]
_CANCEL_FIELDS: Final = [
    {"name": "authorizer", "type": "address"},
    {"name": "nonce", "type": "bytes32"},
]
_PERMIT_FIELDS: Final = [
    {"name": "owner", "type": "address"},
    {"name": "spender", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


class TypedDataSigner(Protocol):
    """Anything that can sign EIP-712 data: ``LocalAccount`` or ``Wallet``."""

    @property
    def address(self) -> str:
        """Checksummed address of the signer."""
        ...

    def sign_typed_data(self, *, full_message: dict[str, Any]) -> SignedMessage:
        """Sign a full EIP-712 message."""
        ...


# ------------------------------------------------------------------ units


def to_units(amount: Decimal | str | int) -> int:
    """Convert a human amount of pathUSD into atomic units.

    Args:
        amount: Amount in whole tokens, e.g. ``"1.25"`` or ``Decimal("0.000001")``.
            Floats are deliberately not accepted.

    Returns:
        Integer atomic units (``"1.25"`` -> ``1_250_000``).

    Raises:
        ValueError: If the amount is not a number, is negative, or has more
            than 6 decimal places.
    """
    if isinstance(amount, float):  # defensive: callers are typed, floats lose cents
        raise ValueError("floats are not accepted for money; use str or Decimal")
    try:
        dec = Decimal(amount)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a decimal amount: {amount!r}") from exc
    if not dec.is_finite() or dec < 0:
        raise ValueError(f"amount must be finite and non-negative: {amount!r}")
    scaled = dec * UNITS_PER_TOKEN
    if scaled != scaled.to_integral_value():
        raise ValueError(f"amount has more than {DECIMALS} decimal places: {amount!r}")
    return int(scaled)


def format_units(units: int) -> str:
    """Render atomic units as a decimal pathUSD string.

    Args:
        units: Atomic units (may be negative, e.g. for deltas).

    Returns:
        A string with exactly 6 decimals, e.g. ``1_250_000`` -> ``"1.250000"``.
    """
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), UNITS_PER_TOKEN)
    return f"{sign}{whole}.{frac:0{DECIMALS}d}"


# --------------------------------------------------------------- artifact


def load_artifact(path: Path = ARTIFACT_PATH) -> dict[str, Any]:
    """Load the committed PathUSD build artifact.

    Args:
        path: Artifact location (defaults to the committed ``PathUSD.json``).

    Returns:
        The artifact dict with ``abi`` and ``bytecode`` among its keys.
    """
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# ----------------------------------------------------------------- EIP-712


@dataclass(frozen=True)
class Domain:
    """EIP-712 domain of a PathUSD deployment.

    Attributes:
        name: Token name (``"pathUSD"`` by default).
        version: EIP-712 version string (``"1"``).
        chain_id: Chain id the contract lives on.
        verifying_contract: Token contract address.
    """

    name: str
    version: str
    chain_id: int
    verifying_contract: str

    def as_dict(self) -> dict[str, Any]:
        """Return the domain as an EIP-712 ``domain`` mapping."""
        return eip712_domain(self.name, self.version, self.chain_id, self.verifying_contract)


def eip712_domain(
    name: str, version: str, chain_id: int, verifying_contract: str
) -> dict[str, Any]:
    """Build an EIP-712 domain mapping.

    Args:
        name: Domain name (the token name).
        version: Domain version (``"1"`` for PathUSD).
        chain_id: Chain id.
        verifying_contract: Token contract address (any case).

    Returns:
        ``{"name", "version", "chainId", "verifyingContract"}`` mapping.
    """
    return {
        "name": name,
        "version": version,
        "chainId": int(chain_id),
        "verifyingContract": to_checksum_address(verifying_contract),
    }


def _as_domain_dict(domain: Domain | dict[str, Any]) -> dict[str, Any]:
    return domain.as_dict() if isinstance(domain, Domain) else dict(domain)


def _bytes32(value: bytes | str) -> bytes:
    raw = bytes.fromhex(value.removeprefix("0x")) if isinstance(value, str) else bytes(value)
    if len(raw) != 32:
        raise ValueError(f"expected 32 bytes, got {len(raw)}")
    return raw


def _full_message(
    domain: Domain | dict[str, Any],
    primary_type: str,
    fields: list[dict[str, str]],
    message: dict[str, Any],
) -> dict[str, Any]:
    return {
        "types": {"EIP712Domain": list(_EIP712_DOMAIN_FIELDS), primary_type: list(fields)},
        "primaryType": primary_type,
        "domain": _as_domain_dict(domain),
        "message": message,
    }


def _authorization_message(
    from_: str, to: str, value: int, valid_after: int, valid_before: int, nonce: bytes | str
) -> dict[str, Any]:
    if value < 0:
        raise ValueError("value must be non-negative")
    return {
        "from": to_checksum_address(from_),
        "to": to_checksum_address(to),
        "value": int(value),
        "validAfter": int(valid_after),
        "validBefore": int(valid_before),
        "nonce": _bytes32(nonce),
    }


def transfer_with_authorization_typed_data(
    domain: Domain | dict[str, Any],
    *,
    from_: str,
    to: str,
    value: int,
    valid_after: int,
    valid_before: int,
    nonce: bytes | str,
) -> dict[str, Any]:
    """Build EIP-3009 ``TransferWithAuthorization`` typed data.

    Args:
        domain: Token EIP-712 domain.
        from_: Payer (the signer).
        to: Payee.
        value: Atomic units to move.
        valid_after: Unix time after which the authorization is valid (exclusive).
        valid_before: Unix time before which it is valid (exclusive).
        nonce: Unique 32-byte nonce (bytes or ``0x`` hex).

    Returns:
        A full EIP-712 message.
    """
    msg = _authorization_message(from_, to, value, valid_after, valid_before, nonce)
    return _full_message(domain, "TransferWithAuthorization", _AUTHORIZATION_FIELDS, msg)


def receive_with_authorization_typed_data(
    domain: Domain | dict[str, Any],
    *,
    from_: str,
    to: str,
    value: int,
    valid_after: int,
    valid_before: int,
    nonce: bytes | str,
) -> dict[str, Any]:
    """Build EIP-3009 ``ReceiveWithAuthorization`` typed data.

    Args:
        domain: Token EIP-712 domain.
        from_: Payer (the signer).
        to: Payee; only this address may submit the authorization.
        value: Atomic units to move.
        valid_after: Unix time after which the authorization is valid (exclusive).
        valid_before: Unix time before which it is valid (exclusive).
        nonce: Unique 32-byte nonce (bytes or ``0x`` hex).

    Returns:
        A full EIP-712 message.
    """
    msg = _authorization_message(from_, to, value, valid_after, valid_before, nonce)
    return _full_message(domain, "ReceiveWithAuthorization", _AUTHORIZATION_FIELDS, msg)


def cancel_authorization_typed_data(
    domain: Domain | dict[str, Any], *, authorizer: str, nonce: bytes | str
) -> dict[str, Any]:
    """Build EIP-3009 ``CancelAuthorization`` typed data.

    Args:
        domain: Token EIP-712 domain.
        authorizer: The payer whose nonce is canceled (the signer).
        nonce: The 32-byte authorization nonce to cancel.

    Returns:
        A full EIP-712 message.
    """
    msg = {"authorizer": to_checksum_address(authorizer), "nonce": _bytes32(nonce)}
    return _full_message(domain, "CancelAuthorization", _CANCEL_FIELDS, msg)


def permit_typed_data(
    domain: Domain | dict[str, Any],
    *,
    owner: str,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
) -> dict[str, Any]:
    """Build EIP-2612 ``Permit`` typed data.

    Args:
        domain: Token EIP-712 domain.
        owner: Token holder granting the allowance (the signer).
        spender: Address receiving the allowance.
        value: Allowance in atomic units.
        nonce: Current ``nonces(owner)`` value on chain.
        deadline: Unix time until which the permit is valid (inclusive).

    Returns:
        A full EIP-712 message.
    """
    msg = {
        "owner": to_checksum_address(owner),
        "spender": to_checksum_address(spender),
        "value": int(value),
        "nonce": int(nonce),
        "deadline": int(deadline),
    }
    return _full_message(domain, "Permit", _PERMIT_FIELDS, msg)


def typed_data_digest(full_message: dict[str, Any]) -> bytes:
    """Return the 32-byte EIP-712 digest that is signed for ``full_message``.

    Args:
        full_message: Output of one of the typed-data builders.

    Returns:
        ``keccak256(0x1901 || domainSeparator || structHash)``.
    """
    signable = encode_typed_data(full_message=full_message)
    return keccak(b"\x19" + signable.version + signable.header + signable.body)


def recover_typed_data_signer(
    full_message: dict[str, Any], signature: bytes | str
) -> ChecksumAddress:
    """Recover the checksummed signer address of an EIP-712 signature.

    Args:
        full_message: The typed data that was signed.
        signature: 65-byte ``r || s || v`` signature (bytes or hex).

    Returns:
        Checksummed address of the signer.
    """
    sig = bytes.fromhex(signature.removeprefix("0x")) if isinstance(signature, str) else signature
    signable = encode_typed_data(full_message=full_message)
    return to_checksum_address(Account.recover_message(signable, signature=sig))


# -------------------------------------------------------------- signatures


def split_signature(signature: bytes | str) -> tuple[int, bytes, bytes]:
    """Split a 65-byte ``r || s || v`` signature into ``(v, r, s)``.

    Args:
        signature: 65 bytes (or ``0x`` hex). ``v`` may be 0/1 or 27/28.

    Returns:
        ``(v, r, s)`` with ``v`` normalised to 27 or 28 and ``r``/``s`` as
        32-byte values, ready for the contract's ``(uint8, bytes32, bytes32)``.

    Raises:
        ValueError: If the length is not 65 or ``v`` is out of range.
    """
    raw = bytes.fromhex(signature.removeprefix("0x")) if isinstance(signature, str) else signature
    if len(raw) != 65:
        raise ValueError(f"signature must be 65 bytes, got {len(raw)}")
    v = raw[64]
    if v in (0, 1):
        v += 27
    if v not in (27, 28):
        raise ValueError(f"invalid signature v: {v}")
    return v, raw[:32], raw[32:64]


def join_signature(v: int, r: bytes, s: bytes) -> bytes:
    """Inverse of :func:`split_signature`: pack ``(v, r, s)`` into 65 bytes.

    Args:
        v: Recovery id, 27 or 28.
        r: 32-byte ``r``.
        s: 32-byte ``s``.

    Returns:
        ``r || s || v`` as 65 bytes.
    """
    if v not in (27, 28) or len(r) != 32 or len(s) != 32:
        raise ValueError("expected v in {27, 28} and 32-byte r and s")
    return bytes(r) + bytes(s) + bytes([v])


def new_nonce() -> bytes:
    """Return a fresh random 32-byte EIP-3009 authorization nonce."""
    return secrets.token_bytes(32)


@dataclass(frozen=True)
class TransferAuthorization:
    """A signed EIP-3009 transfer (or receive) authorization.

    Attributes:
        from_: Payer and signer.
        to: Payee.
        value: Atomic units.
        valid_after: Exclusive lower time bound (unix seconds).
        valid_before: Exclusive upper time bound (unix seconds).
        nonce: 32-byte nonce.
        signature: 65-byte ``r || s || v`` signature.
    """

    from_: ChecksumAddress
    to: ChecksumAddress
    value: int
    valid_after: int
    valid_before: int
    nonce: bytes
    signature: bytes

    @property
    def vrs(self) -> tuple[int, bytes, bytes]:
        """The signature split into ``(v, r, s)``."""
        return split_signature(self.signature)

    def contract_args(
        self,
    ) -> tuple[ChecksumAddress, ChecksumAddress, int, int, int, bytes, int, bytes, bytes]:
        """Arguments for ``transferWithAuthorization``/``receiveWithAuthorization``.

        Returns:
            ``(from, to, value, validAfter, validBefore, nonce, v, r, s)``.
        """
        v, r, s = self.vrs
        return (
            self.from_,
            self.to,
            self.value,
            self.valid_after,
            self.valid_before,
            self.nonce,
            v,
            r,
            s,
        )


def sign_transfer_authorization(
    account: TypedDataSigner,
    domain: Domain | dict[str, Any],
    *,
    to: str,
    value: int,
    valid_before: int,
    valid_after: int = 0,
    nonce: bytes | str | None = None,
    receive: bool = False,
) -> TransferAuthorization:
    """Sign an EIP-3009 authorization moving ``value`` units from ``account``.

    Args:
        account: The payer's signer.
        domain: Token EIP-712 domain.
        to: Payee.
        value: Atomic units.
        valid_before: Exclusive expiry (unix seconds).
        valid_after: Exclusive start (unix seconds); 0 means "already valid".
        nonce: 32-byte nonce; a random one is drawn when omitted.
        receive: Sign ``ReceiveWithAuthorization`` instead of
            ``TransferWithAuthorization``.

    Returns:
        The signed authorization.
    """
    nonce_bytes = new_nonce() if nonce is None else _bytes32(nonce)
    builder = (
        receive_with_authorization_typed_data if receive else transfer_with_authorization_typed_data
    )
    typed = builder(
        domain,
        from_=account.address,
        to=to,
        value=value,
        valid_after=valid_after,
        valid_before=valid_before,
        nonce=nonce_bytes,
    )
    signed = account.sign_typed_data(full_message=typed)
    return TransferAuthorization(
        from_=to_checksum_address(account.address),
        to=to_checksum_address(to),
        value=int(value),
        valid_after=int(valid_after),
        valid_before=int(valid_before),
        nonce=nonce_bytes,
        signature=bytes(signed.signature),
    )


def sign_cancel_authorization(
    account: TypedDataSigner, domain: Domain | dict[str, Any], *, nonce: bytes | str
) -> tuple[ChecksumAddress, bytes, int, bytes, bytes]:
    """Sign an EIP-3009 ``CancelAuthorization``.

    Args:
        account: The authorizer's signer.
        domain: Token EIP-712 domain.
        nonce: The authorization nonce to cancel.

    Returns:
        ``(authorizer, nonce, v, r, s)``: arguments for ``cancelAuthorization``.
    """
    nonce_bytes = _bytes32(nonce)
    typed = cancel_authorization_typed_data(domain, authorizer=account.address, nonce=nonce_bytes)
    v, r, s = split_signature(bytes(account.sign_typed_data(full_message=typed).signature))
    return to_checksum_address(account.address), nonce_bytes, v, r, s


def sign_permit(
    account: TypedDataSigner,
    domain: Domain | dict[str, Any],
    *,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
) -> tuple[ChecksumAddress, ChecksumAddress, int, int, int, bytes, bytes]:
    """Sign an EIP-2612 ``Permit``.

    Args:
        account: The token holder's signer.
        domain: Token EIP-712 domain.
        spender: Address to approve.
        value: Allowance in atomic units.
        nonce: Current on-chain ``nonces(owner)``.
        deadline: Inclusive expiry (unix seconds).

    Returns:
        ``(owner, spender, value, deadline, v, r, s)``: arguments for ``permit``.
    """
    typed = permit_typed_data(
        domain, owner=account.address, spender=spender, value=value, nonce=nonce, deadline=deadline
    )
    v, r, s = split_signature(bytes(account.sign_typed_data(full_message=typed).signature))
    return (
        to_checksum_address(account.address),
        to_checksum_address(spender),
        int(value),
        int(deadline),
        v,
        r,
        s,
    )
