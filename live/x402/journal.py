"""Durable settlement journal: one row per EIP-3009 authorization (SQLite, WAL mode).

Every payment the gateway or facilitator accepts is recorded here *before* anything
irreversible happens, keyed by ``network|asset|payer|nonce`` (all lower case; EIP-3009
nonces are per payer). A row moves through::

    verified ──► submitted ──► settled ──► delivered
        │             │
        └─► released  └─► failed

* ``verified``: the payment passed verification and was claimed; nothing is on chain.
* ``submitted``: the signed settlement transaction (hash and raw bytes) is stored; it
  may or may not have reached the chain. Written *before* broadcasting (write-ahead).
* ``settled``: the transaction was mined successfully; :attr:`JournalRow.receipt` holds
  the ``SettleResponse`` JSON handed to the client.
* ``delivered``: the paid response (with the receipt) was written to the client.
* ``failed``: the transaction reverted or could not be sent; the payer was not charged.
* ``released``: the claim was dropped before submission (e.g. the upstream failed, or
  the process died before settling); the payer was not charged and may retry.

``released`` and ``failed`` rows may be claimed again; every other state blocks a claim,
which is what makes a replayed header unable to settle or be served twice.

Durability (``synchronous``), SQLite in WAL mode, three levels:

* ``"WRITE_AHEAD"`` (default): the one record that must reach the disk before the
  process goes on — ``submitted``, written before the transaction is broadcast — is
  fsynced; the other changes are written without waiting for the disk. One fsync per
  payment instead of four. A process kill loses nothing. A power loss may drop the
  latest unsynced changes, and each is recovered: a lost ``verified`` or ``released``
  leaves no row or a ``verified`` one (released by :meth:`Facilitator.reconcile`; the
  payer was not charged), a lost ``settled`` or ``failed`` leaves ``submitted`` (reconcile
  reads the outcome from the chain), and a lost ``delivered`` leaves ``settled``, so a
  replay of that payment's header may be served the paid response once more. Money
  never moves twice and a settlement is never lost: the write-ahead record is durable
  before the broadcast, and SQLite's WAL is written in order, so that fsync also makes
  every earlier change durable.
* ``"FULL"``: every change is fsynced before the call returns.
* ``"NORMAL"``: nothing is fsynced by the journal; survives process kills only.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

SYNC_MODES: Final = ("WRITE_AHEAD", "FULL", "NORMAL")
STATES: Final = ("verified", "submitted", "settled", "delivered", "failed", "released")
OPEN_STATES: Final = ("verified", "submitted")
RECLAIMABLE: Final = ("failed", "released")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
    key TEXT PRIMARY KEY,
    network TEXT NOT NULL,
    asset TEXT NOT NULL,
    payer TEXT NOT NULL,
    nonce TEXT NOT NULL,
    state TEXT NOT NULL,
    payload TEXT NOT NULL,
    requirements TEXT NOT NULL,
    resource TEXT NOT NULL DEFAULT '',
    tx_hash TEXT NOT NULL DEFAULT '',
    raw_tx TEXT NOT NULL DEFAULT '',
    receipt TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_state ON payments(state);
"""


def payment_key(network: str, asset: str, payer: str, nonce: str) -> str:
    """Journal key of an authorization (case-insensitive in every part)."""
    return "|".join(x.lower() for x in (network, asset, payer, nonce))


@dataclass(frozen=True, slots=True)
class JournalRow:
    """One journal record (see the module docstring for the states)."""

    key: str
    network: str
    asset: str
    payer: str
    nonce: str
    state: str
    payload: dict[str, Any]
    requirements: dict[str, Any]
    resource: str
    tx_hash: str
    raw_tx: str
    receipt: dict[str, Any] | None
    error: str
    attempts: int


class Journal:
    """SQLite-backed settlement journal, safe to share between threads.

    Args:
        path: Database file (``":memory:"`` for a throw-away journal).
        synchronous: Durability, one of :data:`SYNC_MODES` (see the module's docstring).
    """

    def __init__(
        self, path: str | Path = ":memory:", *, synchronous: str = "WRITE_AHEAD"
    ) -> None:
        if synchronous not in SYNC_MODES:
            raise ValueError(f"synchronous: must be one of {', '.join(SYNC_MODES)}")
        self.path = str(path)
        self.synchronous = synchronous
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={'FULL' if synchronous == 'FULL' else 'NORMAL'}")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    # ----------------------------------------------------------------- reads

    def get(self, key: str) -> JournalRow | None:
        """The row for ``key``, or ``None``."""
        with self._lock:
            cur = self._db.execute("SELECT * FROM payments WHERE key = ?", (key,))
            row = cur.fetchone()
            names = [d[0] for d in cur.description]
        return None if row is None else _row(dict(zip(names, row, strict=True)))

    def rows(self, *states: str) -> list[JournalRow]:
        """All rows, or those in ``states``, oldest first."""
        with self._lock:
            if states:
                marks = ",".join("?" * len(states))
                cur = self._db.execute(
                    f"SELECT * FROM payments WHERE state IN ({marks}) ORDER BY created", states
                )
            else:
                cur = self._db.execute("SELECT * FROM payments ORDER BY created")
            names = [d[0] for d in cur.description]
            found = cur.fetchall()
        return [_row(dict(zip(names, r, strict=True))) for r in found]

    def counts(self) -> dict[str, int]:
        """Number of rows per state."""
        with self._lock:
            found = self._db.execute("SELECT state, COUNT(*) FROM payments GROUP BY state")
            return {state: int(n) for state, n in found.fetchall()}

    # ---------------------------------------------------------------- writes

    def claim(
        self,
        key: str,
        *,
        network: str,
        asset: str,
        payer: str,
        nonce: str,
        payload: dict[str, Any],
        requirements: dict[str, Any],
        resource: str = "",
    ) -> JournalRow | None:
        """Atomically record a verified payment.

        Returns:
            ``None`` if the claim succeeded (new row, or a ``released``/``failed`` row
            taken again), else the existing row that blocks it.
        """
        now = time.time()
        values = (
            key,
            network,
            asset,
            payer,
            nonce,
            "verified",
            json.dumps(payload),
            json.dumps(requirements),
            resource,
            now,
            now,
        )
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cur = self._db.execute("SELECT * FROM payments WHERE key = ?", (key,))
                found = cur.fetchone()
                if found is None:
                    self._db.execute(
                        "INSERT INTO payments (key, network, asset, payer, nonce, state, payload,"
                        " requirements, resource, created, updated)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        values,
                    )
                    self._db.execute("COMMIT")
                    return None
                existing = _row(dict(zip([d[0] for d in cur.description], found, strict=True)))
                if existing.state not in RECLAIMABLE:
                    self._db.execute("COMMIT")
                    return existing
                self._db.execute(
                    "UPDATE payments SET state='verified', payload=?, requirements=?, resource=?,"
                    " tx_hash='', raw_tx='', receipt='', error='', updated=? WHERE key=?",
                    (values[6], values[7], resource, now, key),
                )
                self._db.execute("COMMIT")
                return None
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def submitted(self, key: str, tx_hash: str, raw_tx: str) -> None:
        """Record the signed settlement transaction, before it is broadcast."""
        self._update(
            key,
            "submitted",
            ("verified", "submitted"),
            tx_hash=tx_hash,
            raw_tx=raw_tx,
            attempts_inc=1,
            fsync=self.synchronous == "WRITE_AHEAD",
        )

    def settled(self, key: str, tx_hash: str, receipt: dict[str, Any]) -> None:
        """Record a mined, successful settlement and the receipt for the client."""
        self._update(
            key,
            "settled",
            ("verified", "submitted", "settled"),
            tx_hash=tx_hash,
            receipt=json.dumps(receipt),
        )

    def delivered(self, key: str) -> None:
        """Record that the paid response was written to the client."""
        self._update(key, "delivered", ("settled", "delivered"))

    def failed(self, key: str, error: str) -> None:
        """Record that settlement failed and the payer was not charged."""
        self._update(key, "failed", ("verified", "submitted"), error=error)

    def release(self, key: str, reason: str = "") -> None:
        """Drop an unsubmitted claim (the payer was not charged and may retry)."""
        self._update(key, "released", ("verified",), error=reason)

    def _update(
        self,
        key: str,
        state: str,
        allowed_from: tuple[str, ...],
        *,
        attempts_inc: int = 0,
        fsync: bool = False,
        **fields: str,
    ) -> None:
        sets = ", ".join(f"{name} = ?" for name in fields)
        sql = (
            f"UPDATE payments SET state = ?, updated = ?, attempts = attempts + ?"
            f"{', ' + sets if sets else ''} WHERE key = ? AND state IN "
            f"({','.join('?' * len(allowed_from))})"
        )
        params = (state, time.time(), attempts_inc, *fields.values(), key, *allowed_from)
        with self._lock:
            if fsync:  # this commit syncs the WAL, with every earlier change in it
                self._db.execute("PRAGMA synchronous=FULL")
            try:
                cur = self._db.execute(sql, params)
            finally:
                if fsync:
                    self._db.execute("PRAGMA synchronous=NORMAL")
        if cur.rowcount != 1:
            raise JournalStateError(f"journal: {key}: cannot move to {state!r}")


class JournalStateError(RuntimeError):
    """A state transition the journal does not allow (e.g. settling a released row)."""


def _row(data: dict[str, Any]) -> JournalRow:
    receipt = json.loads(data["receipt"]) if data["receipt"] else None
    return JournalRow(
        key=data["key"],
        network=data["network"],
        asset=data["asset"],
        payer=data["payer"],
        nonce=data["nonce"],
        state=data["state"],
        payload=json.loads(data["payload"]),
        requirements=json.loads(data["requirements"]),
        resource=data["resource"],
        tx_hash=data["tx_hash"],
        raw_tx=data["raw_tx"],
        receipt=receipt,
        error=data["error"],
        attempts=int(data["attempts"]),
    )
