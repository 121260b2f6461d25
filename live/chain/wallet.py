"""Agent wallets: key generation and encrypted (scrypt) keystores.

A :class:`Wallet` wraps an ``eth_account`` ``LocalAccount``. Its ``repr``/``str``
show only the address; it refuses to be pickled; keys are never logged or
printed by this module. Keystores are standard Web3 Secret Storage v3 JSON
(``Account.encrypt`` with the scrypt KDF), written atomically with file mode
``0600``.

Example::

    w = Wallet.generate()
    w.save("agent.json", password)
    same = Wallet.load("agent.json", password)
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any, Final, NoReturn

from eth_account import Account
from eth_account.datastructures import SignedMessage, SignedTransaction
from eth_account.signers.local import LocalAccount
from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address

#: scrypt cost used by geth's "standard" setting (~1 s, 256 MiB per operation).
DEFAULT_SCRYPT_N: Final = 2**18
#: geth's "light" scrypt cost; fine for throw-away lab wallets and tests.
LIGHT_SCRYPT_N: Final = 2**12

KEYSTORE_MODE: Final = 0o600


class WalletError(Exception):
    """Base class for wallet and keystore errors."""


class KeystoreFormatError(WalletError):
    """The keystore file is not valid keystore JSON."""


class KeystoreDecryptionError(WalletError):
    """The keystore could not be decrypted (wrong password or corrupted file)."""


class Wallet:
    """A signing wallet whose private key is never shown.

    Use :meth:`generate`, :meth:`from_private_key` or :meth:`load` to create one.
    """

    __slots__ = ("_account",)

    def __init__(self, account: LocalAccount) -> None:
        """Wrap an existing local account.

        Args:
            account: The ``eth_account`` local account holding the key.
        """
        self._account = account

    # ---------------------------------------------------------- creation

    @classmethod
    def generate(cls) -> Wallet:
        """Create a wallet with a fresh random key (from ``os.urandom``).

        Returns:
            The new wallet.
        """
        return cls(Account.create())

    @classmethod
    def from_private_key(cls, private_key: bytes | str) -> Wallet:
        """Create a wallet from an existing private key.

        Args:
            private_key: 32-byte key as bytes or hex string.

        Returns:
            The wallet.

        Raises:
            WalletError: If the key is malformed (the key is not echoed).
        """
        try:
            account = Account.from_key(private_key)
        except Exception:
            raise WalletError("invalid private key") from None
        return cls(account)

    @classmethod
    def load(cls, path: str | os.PathLike[str], password: str) -> Wallet:
        """Decrypt a keystore file.

        Args:
            path: Keystore JSON file.
            password: Keystore password.

        Returns:
            The decrypted wallet.

        Raises:
            FileNotFoundError: If the file does not exist.
            KeystoreFormatError: If the file is not keystore JSON.
            KeystoreDecryptionError: If the password is wrong or the file is
                corrupted. The message names the file only, never the password.
        """
        file = Path(path)
        keystore = read_keystore(file)
        try:
            key = Account.decrypt(keystore, password)
        except Exception:
            _raise_decrypt_error(file)
        wallet = cls(Account.from_key(key))
        del key
        expected = keystore.get("address")
        if isinstance(expected, str) and expected:
            if to_checksum_address(expected) != wallet.address:
                raise KeystoreDecryptionError(
                    f"keystore {file} decrypted to an address that does not match its header"
                )
        return wallet

    # ----------------------------------------------------------- storage

    def save(
        self,
        path: str | os.PathLike[str],
        password: str,
        *,
        scrypt_n: int = DEFAULT_SCRYPT_N,
        overwrite: bool = False,
    ) -> Path:
        """Encrypt the key into a keystore file with mode ``0600``.

        Args:
            path: Destination file.
            password: Non-empty password.
            scrypt_n: scrypt cost parameter (power of two); see
                :data:`DEFAULT_SCRYPT_N` and :data:`LIGHT_SCRYPT_N`.
            overwrite: Replace an existing file instead of failing.

        Returns:
            The path written.

        Raises:
            ValueError: If the password is empty or ``scrypt_n`` is invalid.
            FileExistsError: If the file exists and ``overwrite`` is false.
        """
        if not password:
            raise ValueError("password must not be empty")
        if scrypt_n < 2 or scrypt_n & (scrypt_n - 1):
            raise ValueError("scrypt_n must be a power of two >= 2")
        keystore = Account.encrypt(self._account.key, password, kdf="scrypt", iterations=scrypt_n)
        data = json.dumps(keystore, indent=2).encode("utf-8")
        file = Path(path)
        if overwrite:
            tmp = file.with_name(f".{file.name}.{secrets.token_hex(6)}.tmp")
            _write_private(tmp, data)
            os.replace(tmp, file)
        else:
            _write_private(file, data)
        return file

    # ----------------------------------------------------------- signing

    @property
    def address(self) -> ChecksumAddress:
        """Checksummed address."""
        return self._account.address

    @property
    def account(self) -> LocalAccount:
        """The underlying ``LocalAccount`` (holds the key: do not log it).

        Needed by libraries that take an ``eth_account`` signer, e.g. x402.
        """
        return self._account

    def sign_typed_data(self, *, full_message: dict[str, Any]) -> SignedMessage:
        """Sign an EIP-712 full message.

        Args:
            full_message: Typed data with ``types``, ``primaryType``, ``domain``
                and ``message``.

        Returns:
            The signature bundle.
        """
        return self._account.sign_typed_data(full_message=full_message)

    def sign_transaction(self, transaction_dict: dict[str, Any]) -> SignedTransaction:
        """Sign a transaction dictionary.

        Args:
            transaction_dict: Fields accepted by ``eth_account``.

        Returns:
            The signed transaction (``raw_transaction`` ready to send).
        """
        return self._account.sign_transaction(transaction_dict)

    # ---------------------------------------------------------- hygiene

    def __repr__(self) -> str:
        return f"Wallet(address={self.address})"

    def __str__(self) -> str:
        return self.address

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Wallet) and other.address == self.address

    def __hash__(self) -> int:
        return hash(self.address)

    def __reduce__(self) -> NoReturn:
        raise TypeError("Wallet cannot be pickled; save an encrypted keystore instead")


def read_keystore(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a keystore JSON file without decrypting it.

    Args:
        path: Keystore file.

    Returns:
        The parsed keystore mapping.

    Raises:
        KeystoreFormatError: If the file is not a keystore JSON object.
    """
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KeystoreFormatError(f"keystore {file} is not valid JSON") from None
    if not isinstance(data, dict) or "crypto" not in data and "Crypto" not in data:
        raise KeystoreFormatError(f"keystore {file} has no 'crypto' section")
    return data


def keystore_address(path: str | os.PathLike[str]) -> ChecksumAddress | None:
    """Return the address recorded in a keystore header, if any (no decryption).

    Args:
        path: Keystore file.

    Returns:
        Checksummed address, or ``None`` if the file does not record one.
    """
    address = read_keystore(path).get("address")
    return to_checksum_address(address) if isinstance(address, str) and address else None


def _raise_decrypt_error(file: Path) -> NoReturn:
    # `from None` drops the library exception so no secret can leak via chaining.
    raise KeystoreDecryptionError(
        f"cannot decrypt keystore {file}: wrong password or corrupted file"
    ) from None


def _write_private(file: Path, data: bytes) -> None:
    """Create ``file`` exclusively with mode 0600 and write ``data`` to it."""
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEYSTORE_MODE)
    try:
        os.fchmod(fd, KEYSTORE_MODE)  # enforce regardless of umask
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            file.unlink()
        raise
