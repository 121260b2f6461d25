"""Simulated peers: an in-process registry of what each agent published."""

from __future__ import annotations

from typing import Any

import numpy as np


class SimPeers:
    """Peers port shared by a whole colony.

    Each topic keeps its publishers in a list with an index map, so sampling and
    withdrawing cost O(k), not O(population).

    Args:
        rng: Stream used to sample peers (the colony's own, not an agent's).
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._ids: dict[str, list[str]] = {}
        self._index: dict[str, dict[str, int]] = {}
        self._states: dict[str, dict[str, Any]] = {}

    def publish(self, sender: str, topic: str, state: Any) -> None:
        """Offer ``state`` under ``topic``; replaces the sender's previous offer."""
        states = self._states.setdefault(topic, {})
        if sender not in states:
            ids = self._ids.setdefault(topic, [])
            self._index.setdefault(topic, {})[sender] = len(ids)
            ids.append(sender)
        states[sender] = state

    def sample(self, receiver: str, topic: str, k: int) -> list[tuple[str, Any]]:
        """Up to ``k`` distinct other agents' offers, chosen uniformly at random."""
        ids = self._ids.get(topic)
        if not ids or k <= 0:
            return []
        states = self._states[topic]
        others = len(ids) - (receiver in states)
        if others <= k:
            return [(a, states[a]) for a in ids if a != receiver]
        picked: list[str] = []
        while len(picked) < k:
            for u in self.rng.random(2 * k).tolist():
                peer = ids[int(u * len(ids))]
                if peer != receiver and peer not in picked:
                    picked.append(peer)
                    if len(picked) == k:
                        break
        return [(a, states[a]) for a in picked]

    def withdraw(self, sender: str) -> None:
        """Remove ``sender`` from every topic (swap with the last publisher)."""
        for topic, states in self._states.items():
            if states.pop(sender, None) is None and sender not in self._index[topic]:
                continue
            ids, index = self._ids[topic], self._index[topic]
            i = index.pop(sender)
            last = ids.pop()
            if last != sender:
                ids[i] = last
                index[last] = i

    def state(self) -> dict[str, Any]:
        """Plain-data snapshot for checkpoints."""
        return {
            "rng": self.rng.bit_generator.state,
            "ids": {t: list(v) for t, v in self._ids.items()},
            "states": {t: dict(v) for t, v in self._states.items()},
        }

    def load(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`state` snapshot."""
        self.rng.bit_generator.state = state["rng"]
        self._ids = {t: list(v) for t, v in state["ids"].items()}
        self._index = {t: {a: i for i, a in enumerate(v)} for t, v in self._ids.items()}
        self._states = {t: dict(v) for t, v in state["states"].items()}
