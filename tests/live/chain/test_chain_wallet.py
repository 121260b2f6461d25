"""Wallet key handling and encrypted keystores."""

from __future__ import annotations

import os
import pickle
import stat
import traceback
from pathlib import Path

import pytest

from live.chain.wallet import (
    LIGHT_SCRYPT_N,
    KeystoreDecryptionError,
    KeystoreFormatError,
    Wallet,
    WalletError,
    keystore_address,
)

pytestmark = pytest.mark.live

PASSWORD = "correct horse battery staple"


def _key_hex(wallet: Wallet) -> str:
    return bytes(wallet.account.key).hex()


def test_generate_gives_distinct_wallets() -> None:
    a, b = Wallet.generate(), Wallet.generate()
    assert a.address != b.address
    assert a.address.startswith("0x") and len(a.address) == 42


def test_repr_and_str_hide_key() -> None:
    w = Wallet.generate()
    key = _key_hex(w)
    for text in (repr(w), str(w), f"{w}", f"{w!r}"):
        assert key not in text.lower()
        assert w.address in text
    assert repr(w) == f"Wallet(address={w.address})"


def test_wallet_cannot_be_pickled() -> None:
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(Wallet.generate())


def test_keystore_round_trip(tmp_path: Path) -> None:
    w = Wallet.generate()
    path = w.save(tmp_path / "agent.json", PASSWORD, scrypt_n=LIGHT_SCRYPT_N)
    assert keystore_address(path) == w.address
    raw = path.read_text()
    assert _key_hex(w) not in raw.lower()
    assert '"kdf": "scrypt"' in raw
    loaded = Wallet.load(path, PASSWORD)
    assert loaded == w
    assert _key_hex(loaded) == _key_hex(w)


def test_keystore_file_mode_is_0600_even_with_open_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = Wallet.generate().save(tmp_path / "k.json", PASSWORD, scrypt_n=LIGHT_SCRYPT_N)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        Wallet.generate().save(path, PASSWORD, scrypt_n=LIGHT_SCRYPT_N, overwrite=True)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]  # no temp files left


def test_save_refuses_to_overwrite_by_default(tmp_path: Path) -> None:
    path = Wallet.generate().save(tmp_path / "k.json", PASSWORD, scrypt_n=LIGHT_SCRYPT_N)
    with pytest.raises(FileExistsError):
        Wallet.generate().save(path, PASSWORD, scrypt_n=LIGHT_SCRYPT_N)


def test_save_rejects_empty_password_and_bad_cost(tmp_path: Path) -> None:
    w = Wallet.generate()
    with pytest.raises(ValueError, match="password"):
        w.save(tmp_path / "a.json", "")
    with pytest.raises(ValueError, match="power of two"):
        w.save(tmp_path / "b.json", PASSWORD, scrypt_n=1000)
    assert list(tmp_path.iterdir()) == []


def test_wrong_password_error_leaks_neither_key_nor_password(tmp_path: Path) -> None:
    w = Wallet.generate()
    path = w.save(tmp_path / "agent.json", PASSWORD, scrypt_n=LIGHT_SCRYPT_N)
    wrong = "definitely-not-the-password"
    with pytest.raises(KeystoreDecryptionError) as info:
        Wallet.load(path, wrong)
    exc = info.value
    rendered = "".join(traceback.format_exception(exc)) + str(exc) + repr(exc)
    key = _key_hex(w)
    for secret in (key, "0x" + key, PASSWORD, wrong):
        assert secret not in rendered.lower() and secret not in rendered
    assert "wrong password" in str(exc)
    assert str(path) in str(exc)
    assert exc.__cause__ is None and exc.__suppress_context__


def test_corrupt_keystore_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    with pytest.raises(KeystoreFormatError):
        Wallet.load(bad, PASSWORD)
    bad.write_text('{"version": 3}')
    with pytest.raises(KeystoreFormatError):
        Wallet.load(bad, PASSWORD)


def test_from_private_key_uses_known_dev_key_and_hides_bad_keys() -> None:
    # eth-tester's well-known first dev account (public test key, never real funds)
    dev = Wallet.from_private_key("0x" + "00" * 31 + "01")
    assert dev.address == "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    with pytest.raises(WalletError) as info:
        Wallet.from_private_key("0x1234abcd")
    assert "1234abcd" not in str(info.value)
