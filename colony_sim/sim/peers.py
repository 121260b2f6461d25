"""Simulated peers: an in-process registry of what each agent published."""

from __future__ import annotations

from typing import Any

import numpy as np


class SimPeers:
    """Peers port shared by a whole colony.

    Args:
        rng: Stream used to sample peers (the colony's own, not an agent's).
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._boards: dict[str, dict[str, Any]] = {}

    def publish(self, sender: str, topic: str, state: Any) -> None:
        """Offer ``state`` under ``topic``; replaces the sender's previous offer."""
        self._boards.setdefault(topic, {})[sender] = state

    def sample(self, receiver: str, topic: str, k: int) -> list[tuple[str, Any]]:
        """Up to ``k`` distinct other agents' offers, chosen uniformly at random."""
        board = self._boards.get(topic)
        if not board or k <= 0:
            return []
        ids = [a for a in board if a != receiver]
        if len(ids) > k:
            picks = self.rng.choice(len(ids), size=k, replace=False)
            ids = [ids[i] for i in sorted(picks)]
        return [(a, board[a]) for a in ids]

    def withdraw(self, sender: str) -> None:
        """Remove ``sender`` from every topic."""
        for board in self._boards.values():
            board.pop(sender, None)

    def state(self) -> dict[str, Any]:
        """Plain-data snapshot for checkpoints."""
        return {
            "rng": self.rng.bit_generator.state,
            "boards": {t: dict(b) for t, b in self._boards.items()},
        }

    def load(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`state` snapshot."""
        self.rng.bit_generator.state = state["rng"]
        self._boards = {t: dict(b) for t, b in state["boards"].items()}
