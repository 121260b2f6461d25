"""Selection, cloning, lineage, lifecycle and survival tiers inside a colony."""

import numpy as np
import pytest

from colony_sim import Colony, ColonyConfig
from colony_sim.agent import COMPUTE
from colony_sim.economy import selection


def breeding(**over) -> ColonyConfig:
    base = ColonyConfig(
        agents=12,
        until=4 * 3600.0,
        seed=21,
        sample_period=600.0,
        economy={
            "initial_balance": 600_000,
            "birth_threshold": 500_000,
            "child_endowment": 150_000,
            "clone_price": 100_000,
        },
        dynamics={"spawn_min_cycles": 5},
    )
    return base.with_overrides(**over) if over else base


@pytest.fixture(scope="module")
def bred():
    colony = Colony(breeding())
    seen = []
    add = colony.add_agent

    def spy(parent=None, endowment=None):
        if parent is not None:
            seen.append((parent.state.fitness, colony.median_fitness, len(colony.agents)))
        return add(parent, endowment)

    colony.add_agent = spy
    colony.run()
    return colony, seen


def test_only_agents_above_the_median_clone(bred):
    colony, seen = bred
    assert colony.births > 3
    assert all(pop <= 1 or fit > med for fit, med, pop in seen)
    below = [a for a in colony.agents.values() if a.state.fitness <= colony.median_fitness]
    assert below  # the rule had someone to exclude


def test_without_selection_anyone_rich_clones():
    colony = Colony(breeding(**{"dynamics.selection": False}))
    colony.run()
    assert colony.births > 0


def test_lineage_is_complete(bred):
    colony, _ = bred
    everyone = [*colony.agents.values(), *colony.dead]
    parents = {a.state.agent_id: a.state.parent for a in everyone}
    founders = [a.state.agent_id for a in everyone if a.state.generation == 0]
    assert len(founders) == colony.config.agents
    assert selection.lineage_complete(parents, founders) == []
    by_id = {a.state.agent_id: a.state for a in everyone}
    for st in by_id.values():
        if st.parent is not None:
            assert st.generation == by_id[st.parent].generation + 1
            assert st.born_at >= by_id[st.parent].born_at
    assert sum(st.children for st in by_id.values()) == colony.births


def test_clone_fee_goes_from_parent_to_compute_and_child_gets_endowment():
    config = breeding(until=1.0)
    colony = Colony(config)
    parent = colony.agents["a00000"]
    econ = config.economy
    colony.ledger.mint(parent.state.address, 1_000_000)
    parent.state.cycles, parent.state.fitness, colony.median_fitness = 10, 0.9, 0.5
    before = colony.ledger.balance_of(parent.state.address)
    compute = colony.ledger.balance_of(COMPUTE)
    supply = colony.ledger.supply
    colony._maybe_clone(parent)
    assert colony.births == 1
    child = colony.agents["a00012"]
    assert colony.ledger.balance_of(parent.state.address) == (
        before - econ.clone_price - econ.child_endowment
    )
    assert colony.ledger.balance_of(COMPUTE) == compute + econ.clone_price
    assert colony.ledger.balance_of(child.state.address) == econ.child_endowment
    assert colony.ledger.supply == supply == colony.ledger.minted


def test_a_below_median_agent_does_not_clone_even_when_rich():
    colony = Colony(breeding(until=1.0))
    parent = colony.agents["a00000"]
    colony.ledger.mint(parent.state.address, 5_000_000)
    parent.state.cycles, parent.state.fitness, colony.median_fitness = 10, 0.4, 0.5
    colony._maybe_clone(parent)
    assert colony.births == 0


def test_child_inherits_mutated_weights_templates_and_trails():
    colony = Colony(breeding(until=1200.0)).run()
    parent = colony.agents["a00000"]
    colony.ledger.mint(parent.state.address, 1_000_000)
    child = colony.add_agent(parent=parent)
    w_p = colony.predictor.export_weights(parent.state.slot)
    w_c = colony.predictor.export_weights(child.state.slot)
    diff = max(float(np.abs(w_p[k] - w_c[k]).max()) for k in w_p)
    assert 0 < diff < 0.1
    assert [t.steps for t in child.state.mind.pool] == [t.steps for t in parent.state.mind.pool]
    assert child.state.mind.trails.keys() == parent.state.mind.trails.keys()


def test_fork_branch_birth(bred):
    colony, _ = bred
    states = [a.state for a in [*colony.agents.values(), *colony.dead]]
    founders = [s for s in states if s.parent is None]
    assert all(s.phase == "birth" and s.branch == f"vm/{s.agent_id}" for s in founders)
    clones = [s for s in states if s.parent is not None]
    for s in clones:
        if s.own_commits == 0:
            assert s.phase == "fork" and s.branch != f"vm/{s.agent_id}"
        else:
            assert s.phase in ("branch", "birth") and s.branch == f"vm/{s.agent_id}"
    assert any(s.own_commits for s in clones)


def test_fitness_is_measured_in_unit_interval(bred):
    colony, _ = bred
    fits = [a.state.fitness for a in colony.agents.values()]
    assert all(0 <= f <= 1 for f in fits) and len(set(fits)) > 1
    frame = colony.colony_frame()
    assert frame["fitness_median"].notna().all()


def test_tiers_slow_down_and_cheapen_thinking():
    config = ColonyConfig(agents=2, until=1.0, seed=1)
    colony = Colony(config)
    poor, rich = colony.agents["a00000"], colony.agents["a00001"]
    colony.ledger.transfer(poor.state.address, COMPUTE, 195_000)  # 5,000 left: critical
    for agent in (poor, rich):
        agent.state.wake_at = 10.0
        costs = agent.state.costs
        agent.advance()
        agent.state.plan = ()
        agent._finish(0.0)
        agent.state.spent = agent.state.costs - costs
    assert poor.state.tier == "critical" and rich.state.tier == "normal"
    assert poor.state.spent == config.economy.think_cost // 4
    assert rich.state.spent == config.economy.think_cost
    assert poor.state.wake_at - poor.state.now > 2.5 * (rich.state.wake_at - rich.state.now)


def test_death_returns_nothing_out_of_thin_air():
    config = ColonyConfig(
        agents=6,
        until=6 * 3600.0,
        seed=2,
        economy={"initial_balance": 20_000, "initial_endpoints": 0, "price": 1},
    )
    colony = Colony(config).run()
    assert colony.deaths > 0
    assert colony.ledger.supply == colony.ledger.minted
    for a in colony.dead:
        assert a.state.tier == "dead"
