"""Peers over HTTP: the ``Peers`` port between node processes on 127.0.0.1.

A node serves what its local agents published at ``GET /peer/{topic}`` (see
:meth:`HttpPeers.router`) and a background gossip thread fetches the same page from every
known peer on a schedule into a cache. :meth:`HttpPeers.sample` only reads that cache
and the local offers, so the agent's cycle never waits on the network.

What arrives is decoded by :mod:`live.peer_codec`. A malformed or hostile page is
refused as a whole: logged, counted per peer, kept in :attr:`HttpPeers.refusals`, never
cached, and the peer is backed off like a dead one (``period · 2^failures``, capped).
A cached state expires ``ttl`` seconds after it was fetched, so a dead peer's agents
fade out of the samples.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np
from fastapi import APIRouter
from fastapi.responses import Response

from live.peer_codec import PeerMessageError, decode_page, dumps, encode_page, encode_state

log = logging.getLogger(__name__)
MAX_BODY = 8 << 20


@dataclass
class PeerLink:
    """What the gossip loop knows about one peer (a base URL).

    Attributes:
        url: Base URL; its page is ``{url}/peer/{topic}``.
        node: Node id the peer reported in its last good page.
        failures: Consecutive failed or refused rounds (sets the backoff).
        next_try: ``timer()`` value before which the peer is not contacted.
        ok: Good pages received.
        failed: Rounds that failed on the network (dead, timeout, HTTP error).
        refused: Pages refused as malformed.
        bytes: Body bytes received from it in all.
    """

    url: str
    node: str = ""
    failures: int = 0
    next_try: float = 0.0
    ok: int = 0
    failed: int = 0
    refused: int = 0
    bytes: int = 0


@dataclass
class _Cached:
    url: str
    state: Any
    fetched: float = 0.0


class HttpPeers:
    """Peers port over HTTP, with a cache filled by a gossip thread.

    Args:
        node_id: This node's id (sent in every page; a page from itself is ignored).
        peers: Base URLs of other nodes (``http://127.0.0.1:PORT``).
        rng: Stream used to sample peers.
        topics: Topics the gossip loop fetches.
        period: Seconds between gossip rounds.
        ttl: Seconds a fetched state stays sampleable.
        timeout: Seconds for one HTTP exchange (connect, read).
        max_backoff: Longest wait before retrying a failing peer (s).
        max_body: Largest page accepted, in bytes.
        timer: Monotonic clock in seconds (tests inject a fake one).
    """

    def __init__(
        self,
        node_id: str,
        peers: Iterable[str] = (),
        *,
        rng: np.random.Generator,
        topics: Iterable[str] = ("mind",),
        period: float = 1.0,
        ttl: float = 30.0,
        timeout: float = 2.0,
        max_backoff: float = 30.0,
        max_body: int = MAX_BODY,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.node_id = node_id
        self.rng = rng
        self.topics = tuple(topics)
        self.period, self.ttl, self.max_backoff, self.max_body = period, ttl, max_backoff, max_body
        self.timer = timer
        self.links: dict[str, PeerLink] = {}
        self.refusals: deque[tuple[str, str, str]] = deque(maxlen=100)
        self.round_bytes: deque[int] = deque(maxlen=1_000)
        self.rounds = 0
        self._local: dict[str, dict[str, tuple[Any, Any]]] = {}
        self._cache: dict[str, dict[str, _Cached]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)
        for url in peers:
            self.add_peer(url)

    # -- the port ---------------------------------------------------------------------

    def publish(self, sender: str, topic: str, state: Any) -> None:
        """Offer ``state`` under ``topic`` (encoded now; raises ``PeerMessageError``)."""
        wire = encode_state(topic, state)
        with self._lock:
            self._local.setdefault(topic, {})[sender] = (state, wire)

    def sample(self, receiver: str, topic: str, k: int) -> list[tuple[str, Any]]:
        """Up to ``k`` other senders' states, local and cached, chosen uniformly."""
        if k <= 0:
            return []
        now = self.timer()
        with self._lock:
            local = self._local.get(topic, {})
            found = {s: st for s, (st, _) in local.items() if s != receiver}
            for s, c in self._cache.get(topic, {}).items():
                if s != receiver and s not in found and now - c.fetched <= self.ttl:
                    found[s] = c.state
        ids = sorted(found)
        if len(ids) > k:
            ids = [ids[i] for i in sorted(self.rng.choice(len(ids), size=k, replace=False))]
        return [(s, found[s]) for s in ids]

    def withdraw(self, sender: str) -> None:
        """Drop everything ``sender`` published here, and any cached state of it."""
        with self._lock:
            for local in self._local.values():
                local.pop(sender, None)
            for cached in self._cache.values():
                cached.pop(sender, None)

    # -- peers ------------------------------------------------------------------------

    def add_peer(self, url: str) -> None:
        """Gossip with the node at ``url`` from the next round (e.g. a new clone)."""
        url = url.rstrip("/")
        with self._lock:
            self.links.setdefault(url, PeerLink(url))

    def remove_peer(self, url: str) -> None:
        """Stop gossiping with ``url`` and forget what it sent."""
        url = url.rstrip("/")
        with self._lock:
            self.links.pop(url, None)
            for states in self._cache.values():
                for s in [s for s, c in states.items() if c.url == url]:
                    del states[s]

    # -- serving ----------------------------------------------------------------------

    def page(self, topic: str) -> bytes:
        """This node's page for ``topic``: every local sender's encoded state."""
        with self._lock:
            offers = [(s, wire) for s, (_, wire) in self._local.get(topic, {}).items()]
        return dumps(encode_page(self.node_id, topic, offers))

    def router(self) -> APIRouter:
        """``GET /peer/{topic}`` serving :meth:`page`, for the node's FastAPI app."""
        router = APIRouter()

        @router.get("/peer/{topic}")
        def peer_page(topic: str) -> Response:
            return Response(self.page(topic), media_type="application/json")

        return router

    # -- gossip -----------------------------------------------------------------------

    def sync_once(self) -> int:
        """One gossip round over every peer due now; returns the body bytes received."""
        now = self.timer()
        with self._lock:
            due = [link for link in self.links.values() if link.next_try <= now]
            for states in self._cache.values():
                for s in [s for s, c in states.items() if now - c.fetched > self.ttl]:
                    del states[s]
        received = 0
        for link in due:
            for topic in self.topics:
                got, ok = self._fetch(link, topic)
                received += got
                if not ok:
                    break
        self.rounds += 1
        self.round_bytes.append(received)
        return received

    def _fetch(self, link: PeerLink, topic: str) -> tuple[int, bool]:
        """Fetch, decode and cache one peer's page; returns (bytes, success)."""
        try:
            body = self._get(f"{link.url}/peer/{topic}")
        except (httpx.HTTPError, OSError) as exc:
            link.failed += 1
            self._back_off(link)
            log.info("peer %s unreachable: %s", link.url, type(exc).__name__)
            return 0, False
        except PeerMessageError as exc:
            self._refuse(link, exc)
            return 0, False
        link.bytes += len(body)
        try:
            node, offers = decode_page(body, topic)
        except PeerMessageError as exc:
            self._refuse(link, exc)
            return len(body), False
        if node == self.node_id:
            return len(body), True
        now = self.timer()
        with self._lock:
            if link.url not in self.links:
                return len(body), True
            states = self._cache.setdefault(topic, {})
            for s in [s for s, c in states.items() if c.url == link.url]:
                del states[s]
            for sender, state in offers:
                states[sender] = _Cached(link.url, state, now)
        link.node, link.ok, link.failures, link.next_try = node, link.ok + 1, 0, 0.0
        return len(body), True

    def _get(self, url: str) -> bytes:
        """Body of a 200 answer, read at most ``max_body`` bytes."""
        with self._client.stream("GET", url) as r:
            r.raise_for_status()
            declared = r.headers.get("content-length", "0")
            if declared.isdigit() and int(declared) > self.max_body:
                raise PeerMessageError("$", f"body of {declared} bytes over {self.max_body}")
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.max_body:
                    raise PeerMessageError("$", f"body over {self.max_body} bytes")
                chunks.append(chunk)
        return b"".join(chunks)

    def _refuse(self, link: PeerLink, exc: PeerMessageError) -> None:
        link.refused += 1
        self.refusals.append((link.url, exc.field, exc.reason))
        log.warning("refused page from %s: %s: %s", link.url, exc.field, exc.reason)
        self._back_off(link)

    def _back_off(self, link: PeerLink) -> None:
        link.failures += 1
        delay = min(self.max_backoff, self.period * 2.0 ** min(link.failures - 1, 30))
        link.next_try = self.timer() + delay

    def start(self) -> HttpPeers:
        """Run gossip rounds every ``period`` seconds in a daemon thread."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="peers-gossip", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sync_once()
            except Exception:  # the loop must survive anything a round throws
                log.exception("gossip round failed")
            self._stop.wait(self.period)

    def close(self) -> None:
        """Stop the gossip thread and close the HTTP client."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._client.close()

    def __enter__(self) -> HttpPeers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
