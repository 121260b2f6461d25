"""Real mind offers from a small seeded colony, and HTTP peer nodes on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from fastapi import FastAPI  # noqa: E402

from colony_sim.config import ColonyConfig  # noqa: E402
from colony_sim.engine import Colony  # noqa: E402
from live.peers_http import HttpPeers  # noqa: E402
from live.serving import ThreadServer  # noqa: E402


def run_colony(shape: str = "compact", seed: int = 1, agents: int = 2) -> Colony:
    """A colony run long enough for every system to hold state (planner included)."""
    config = ColonyConfig(agents=agents, until=20_000, seed=seed, sample_period=600)
    config = config.with_overrides(
        **{"cognition.brain_shape": shape, "cognition.autonomy_period": 5}
    )
    return Colony(config).run(20_000)


def offer_of(agent: Any) -> dict[str, Any]:
    """What ``agent`` publishes to its peers (as in ``Agent._share``)."""
    brain = agent.predictor.export_weights(agent.state.slot)
    return agent.mind.offer(brain, agent.fitness())


@pytest.fixture(scope="session")
def colony() -> Colony:
    return run_colony()


@pytest.fixture(scope="session")
def offer(colony: Colony) -> dict[str, Any]:
    return offer_of(next(iter(colony.agents.values())))


@pytest.fixture(scope="session")
def offer_small() -> dict[str, Any]:
    return offer_of(next(iter(run_colony("seed_small").agents.values())))


class FakeTimer:
    """A monotonic clock the test moves by hand (backoff and TTL without sleeping)."""

    def __init__(self) -> None:
        self.t = 1_000.0

    def __call__(self) -> float:
        return self.t


class Node:
    """An HttpPeers adapter and the uvicorn server that serves its router."""

    def __init__(self, node_id: str, peers: list[str], port: int = 0, **kw: Any) -> None:
        self.peers = HttpPeers(node_id, peers, rng=np.random.default_rng(0), **kw)
        self.app = FastAPI()
        self.app.include_router(self.peers.router())
        self.server = ThreadServer(self.app, port=port or None)
        self.url = self.server.url

    def close(self) -> None:
        self.peers.close()
        self.server.stop()


@pytest.fixture
def nodes():
    """Factory of nodes; every node and server is stopped at teardown."""
    made: list[Node] = []

    def make(node_id: str, peers: list[str] | None = None, **kw: Any) -> Node:
        node = Node(node_id, peers or [], **kw)
        made.append(node)
        return node

    yield make
    for node in made:
        node.close()
