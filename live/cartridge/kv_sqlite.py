"""Per-cartridge persistent key-value store in one SQLite file for the node.

One table keyed by ``(slug, key)`` in WAL mode. A call never writes to the database
directly: it gets a :class:`KvSession` that buffers its writes over the stored values and
commits them in one transaction when the call completes, so a trapped call leaves the
store exactly as it was. Limits (key and value length, keys and bytes per cartridge) are
checked on every ``set`` against the stored usage plus the call's pending writes.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from live.cartridge.limits import Limits

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (
    slug  TEXT NOT NULL,
    key   BLOB NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (slug, key)
) WITHOUT ROWID
"""


class SqliteKv:
    """The node's KV database (thread-safe; one connection behind a lock).

    Args:
        path: SQLite file (created if missing), or ``":memory:"``.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def get(self, slug: str, key: bytes) -> bytes | None:
        """The stored value of ``key``, or ``None``."""
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM kv WHERE slug = ? AND key = ?", (slug, key)
            ).fetchone()
        return None if row is None else bytes(row[0])

    def usage(self, slug: str) -> tuple[int, int]:
        """``(keys, bytes)`` stored for ``slug`` (bytes count keys and values)."""
        with self._lock:
            n, size = self._db.execute(
                "SELECT count(*), coalesce(sum(length(key) + length(value)), 0) "
                "FROM kv WHERE slug = ?",
                (slug,),
            ).fetchone()
        return int(n), int(size)

    def commit(self, slug: str, writes: dict[bytes, bytes]) -> None:
        """Store every pending write of one call in a single transaction."""
        if not writes:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO kv (slug, key, value) VALUES (?, ?, ?)",
                    [(slug, k, v) for k, v in writes.items()],
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def clear(self, slug: str) -> None:
        """Delete every key of ``slug``."""
        with self._lock:
            self._db.execute("DELETE FROM kv WHERE slug = ?", (slug,))

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


class KvSession:
    """One call's view of a cartridge's KV: stored values overlaid with pending writes.

    Args:
        kv: The node's store.
        slug: The cartridge.
        limits: Key, value and per-cartridge limits.
    """

    def __init__(self, kv: SqliteKv, slug: str, limits: Limits) -> None:
        self.kv = kv
        self.slug = slug
        self.limits = limits
        self.pending: dict[bytes, bytes] = {}
        self._usage: tuple[int, int] | None = None

    def get(self, key: bytes) -> bytes | None:
        """The value of ``key`` as this call sees it."""
        if key in self.pending:
            return self.pending[key]
        if len(key) > self.limits.max_key_bytes:
            return None
        return self.kv.get(self.slug, key)

    def set(self, key: bytes, value: bytes) -> bool:
        """Buffer a write; ``False`` (nothing changes) when a limit refuses it."""
        lim = self.limits
        if not key or len(key) > lim.max_key_bytes or len(value) > lim.max_value_bytes:
            return False
        if self._usage is None:
            self._usage = self.kv.usage(self.slug)
        keys, size = self._usage
        old = self.get(key)
        new_keys = keys + (old is None)
        new_size = size + len(value) - (len(old) if old is not None else -len(key))
        if new_keys > lim.max_keys or new_size > lim.max_kv_bytes:
            return False
        self.pending[key] = value
        self._usage = (new_keys, new_size)
        return True

    def commit(self) -> None:
        """Persist the pending writes (the call completed)."""
        self.kv.commit(self.slug, self.pending)
        self.pending = {}
