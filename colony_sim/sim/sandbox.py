"""Simulated sandbox: cartridges that build, test and deploy with skill-driven odds."""

from __future__ import annotations

from colony_sim.ports import Market, Outcome
from colony_sim.sim.body import KIND, SimBody
from colony_sim.sim.workspace import NOISE, QUALITY_MIN

_BUILD, _TEST, _DEPLOY = KIND["create_cartridge"], KIND["test_cartridge"], KIND["deploy"]
BROKEN_DEPLOY_LOSS = 0.05


class SimSandbox:
    """Sandbox port over a :class:`SimBody`; deploying adds an endpoint to the market.

    Args:
        body: The agent's hidden state.
        market: Where a deployed cartridge starts earning.
        max_endpoints: Most endpoints the agent may serve.
    """

    def __init__(self, body: SimBody, market: Market, max_endpoints: int) -> None:
        self.body = body
        self.market = market
        self.max_endpoints = max_endpoints

    def build(self, slug: str) -> Outcome:
        """Create and compile a cartridge of hidden goodness."""
        b = self.body
        ok = b.chance(1.5 + b.skill[_BUILD])
        b.build = b.chance(b.skill[_BUILD] + 0.5) if ok else None
        return Outcome(ok, None if ok else "compile_error", b.duration(_BUILD))

    def test(self, slug: str) -> Outcome:
        """Run the built cartridge's tests; reveals its goodness (5% noise)."""
        b = self.body
        if b.build is None:
            return Outcome(False, "file_not_found", b.duration(_TEST))
        ok = b.build != (b.uniform() < NOISE)
        return Outcome(ok, None if ok else "test_failure", b.duration(_TEST))

    def deploy(self, slug: str) -> Outcome:
        """Serve the cartridge; a broken one fails and costs reputation (quality)."""
        b = self.body
        duration = b.duration(_DEPLOY)
        if b.build is None or len(self.market.endpoints()) >= self.max_endpoints:
            return Outcome(False, "endpoint_error", duration)
        good, b.build = b.build, None
        if not good:
            b.quality = max(QUALITY_MIN, b.quality - BROKEN_DEPLOY_LOSS)
            return Outcome(False, "endpoint_error", duration)
        self.market.add_endpoint(slug)
        return Outcome(True, None, duration)

    def review(self, slug: str, accuracy: float) -> tuple[bool, str]:
        """The simulated human reviewer of a deploy: right with probability ``accuracy``.

        Returns ``(approved, reason)``; a rejected build is thrown away.
        """
        b = self.body
        if b.build is None:
            return False, "nothing is built"
        good = b.build if b.uniform() < accuracy else not b.build
        if not good:
            b.build = None
            return False, "the reviewer found the cartridge broken"
        return True, "looks good"
