"""The Peers contract for the HTTP adapter (local senders; no server needed)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from colony_sim.ports import Peers  # noqa: E402
from live.peers_http import HttpPeers  # noqa: E402
from tests.contract.ports_contract import PeersContract  # noqa: E402


class TestHttpPeers(PeersContract):
    @pytest.fixture
    def peers(self):
        with HttpPeers("node-1", rng=np.random.default_rng(5)) as adapter:
            yield adapter


def test_http_peers_satisfy_the_protocol():
    with HttpPeers("n", rng=np.random.default_rng(0)) as adapter:
        assert isinstance(adapter, Peers)


def test_sampling_is_reproducible_given_the_same_offers():
    picks = []
    for _ in range(2):
        with HttpPeers("n", rng=np.random.default_rng(9)) as adapter:
            for i in range(10):
                adapter.publish(f"p{i}", "t", i)
            picks.append([adapter.sample("x", "t", 3) for _ in range(4)])
    assert picks[0] == picks[1]
    assert len({tuple(p) for p in picks[0]}) > 1
