"""Contracts of the Clock, Market, Workspace, Sandbox, Bench and Peers ports.

Each class is subclassed once per adapter; a subclass provides the fixture named after
the port (and, for Market, ``ledger``). An adapter that cannot support a test must
override it with one asserting a clear ``NotSupported`` error, never delete it.
"""

from __future__ import annotations

import pytest

from colony_sim.ports import ERROR_CATEGORIES, Outcome


def _is_outcome(out) -> bool:
    return (
        isinstance(out, Outcome)
        and out.duration >= 0
        and (out.ok and out.error is None or not out.ok and out.error in ERROR_CATEGORIES)
    )


class ClockContract:
    def test_now_is_a_float(self, clock):
        assert isinstance(clock.now, float)

    def test_sleep_until_returns_an_event(self, clock):
        assert clock.sleep_until(clock.now + 1) is not None


class MarketContract:
    """Needs fixtures ``market``, ``ledger`` and ``traffic(endpoint, n)``, which makes buyers
    call ``endpoint`` (a no-op where the market draws its own buyers)."""

    def test_no_endpoints_no_requests(self, market):
        assert market.endpoints() == ()
        assert market.poll(market_now(market) + 10_000) == []

    def test_endpoints_are_idempotent(self, market):
        market.add_endpoint("e1")
        market.add_endpoint("e1")
        assert list(market.endpoints()) == ["e1"]

    def test_requests_carry_payments_that_settle_at_the_price(self, market, ledger, traffic):
        market.add_endpoint("e1")
        traffic("e1", 3)
        requests = market.poll(market_now(market) + 50_000)
        assert requests, "a long enough window must bring requests"
        for req in requests[:5]:
            assert req.endpoint == "e1"
            assert req.requirements.amount == market.price("e1")
            settled = req.settlement or ledger.settle(req.payload, req.requirements)
            assert settled.success
            again = ledger.settle(req.payload, req.requirements)
            assert not again.success, "a payment settles once"

    def test_a_poll_drains_what_it_returned(self, market, traffic):
        market.add_endpoint("e1")
        traffic("e1", 2)
        first = market.poll(market_now(market) + 50_000)
        assert first
        nonces = {r.payload.authorization.nonce for r in first}
        later = market.poll(market_now(market))
        assert not nonces & {r.payload.authorization.nonce for r in later}


def market_now(market) -> float:
    return getattr(market, "last_poll", 0.0)


class WorkspaceContract:
    def test_read_edit_check_commit_give_outcomes(self, workspace):
        for out in (
            workspace.read("src/app.py"),
            workspace.edit("src/app.py"),
            workspace.check(),
            workspace.commit("msg"),
        ):
            assert _is_outcome(out)

    def test_commit_without_a_change_fails_with_git_error(self, workspace):
        out = workspace.commit("nothing")
        assert not out.ok and out.error == "git_error" and out.value is None

    def test_a_landed_commit_reports_its_id(self, workspace):
        for _ in range(20):
            if workspace.edit("src/app.py").ok:
                break
        out = workspace.commit("one change")
        if out.ok:
            assert out.value is not None

    def test_a_reverted_change_cannot_be_committed(self, workspace):
        workspace.read("src/app.py")
        for _ in range(20):
            if workspace.edit("src/app.py").ok:
                break
        workspace.revert()
        assert workspace.commit("after revert").error == "git_error"

    def test_pending_follows_edit_revert_and_commit(self, workspace):
        assert workspace.pending() is None
        for _ in range(20):
            if workspace.edit("src/app.py").ok:
                break
        pending = workspace.pending()
        assert pending is not None and pending.added >= 0 and pending.deleted >= 0
        assert len(pending.change) == 4
        workspace.revert()
        assert workspace.pending() is None
        for _ in range(20):
            if workspace.edit("src/app.py").ok:
                break
        workspace.commit("one change")
        assert workspace.pending() is None

    def test_quality_is_positive(self, workspace):
        assert workspace.quality() > 0


class SandboxContract:
    def test_test_before_build_fails(self, sandbox):
        out = sandbox.test("nothing-built")
        assert not out.ok and out.error == "file_not_found"

    def test_build_test_deploy_give_outcomes(self, sandbox):
        for out in (sandbox.build("c1"), sandbox.test("c1"), sandbox.deploy("c1")):
            assert _is_outcome(out)

    def test_deploy_without_build_fails(self, sandbox):
        assert not sandbox.deploy("never-built").ok


class BenchContract:
    def test_run_reports_an_iq_on_the_seed_scale(self, bench):
        out = bench.run(6)
        assert out.ok
        assert 85.0 <= out.value <= 150.0

    def test_an_empty_sample_is_refused(self, bench):
        with pytest.raises(ValueError, match="n_problems"):
            bench.run(0)


class PeersContract:
    def test_sample_excludes_self(self, peers):
        peers.publish("a", "trails", 1)
        peers.publish("b", "trails", 2)
        assert peers.sample("a", "trails", 5) == [("b", 2)]

    def test_sample_is_bounded_by_k(self, peers):
        for i in range(10):
            peers.publish(f"p{i}", "t", i)
        assert len(peers.sample("x", "t", 3)) == 3

    def test_withdraw_removes_everything(self, peers):
        peers.publish("a", "t", 1)
        peers.withdraw("a")
        assert peers.sample("b", "t", 5) == []

    def test_unknown_topic_is_empty(self, peers):
        assert peers.sample("a", "nothing", 3) == []
