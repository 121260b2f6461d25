from colony_sim import Colony, ColonyConfig
from colony_sim.agent import COMPUTE


def long_config(**over) -> ColonyConfig:
    base = ColonyConfig(
        agents=20,
        until=12 * 3600.0,
        seed=11,
        sample_period=600.0,
        economy={
            "birth_threshold": 600_000,
            "child_endowment": 150_000,
            "clone_price": 100_000,
            "think_cost": 900,
        },
        # Survival tiers make the poor live slowly and cheaply; switched off here so that
        # agents die within the run and conservation is tested through deaths too.
        dynamics={
            "conserve_think": 1.0,
            "critical_think": 1.0,
            "conserve_cadence": 1.0,
            "critical_cadence": 1.0,
        },
    )
    return base.with_overrides(**over) if over else base


def test_money_is_conserved_across_births_and_deaths():
    colony = Colony(long_config())
    ledger = colony.ledger
    checks = []

    def check(c):
        checks.append((ledger.supply, ledger.minted))
        return False

    colony.run(stop=check)
    assert colony.births > 0 and colony.deaths > 0, (colony.births, colony.deaths)
    assert all(supply == minted for supply, minted in checks)
    frame = colony.colony_frame()
    assert frame["supply"].nunique() == 1
    founders = colony.config.agents * colony.config.economy.initial_balance
    assert ledger.minted == colony.config.economy.buyer_funds + founders


def test_revenue_and_costs_match_ledger_movements():
    colony = Colony(long_config(until=6 * 3600.0))
    seen = []

    def check(c):
        frame = c.colony_frame()
        seen.append((int(frame["costs"].sum()), c.ledger.balance_of(COMPUTE)))
        return False

    colony.run(stop=check)
    assert len(seen) > 10
    assert all(costs == paid for costs, paid in seen)


def test_bankrupt_agent_dies_and_keeps_its_remainder():
    config = ColonyConfig(
        agents=5,
        until=12 * 3600.0,  # critical-tier agents live slowly; give them time to go broke
        seed=3,
        # price 1: a lucky deploy cannot rescue them (with the safety layers it can).
        economy={"initial_balance": 3_000, "initial_endpoints": 0, "price": 1},
    )
    colony = Colony(config).run()
    assert colony.deaths == 5 and not colony.agents
    for agent in colony.dead:
        assert agent.state.died_at is not None
        assert not agent.state.alive
        left = colony.ledger.balance_of(agent.state.address)
        assert (
            0
            <= left
            < config.economy.think_cost + config.economy.step_cost + config.economy.bench_cost
        )
    assert colony.ledger.supply == colony.ledger.minted


def test_clone_inherits_mind_and_pays_from_parent():
    config = long_config(until=1.0, **{"dynamics.weight_mutation": 0.0})
    colony = Colony(config)
    parent = colony.agents["a00000"]
    colony.ledger.mint(parent.state.address, 1_000_000)
    before = colony.ledger.balance_of(parent.state.address)
    child = colony.add_agent(parent=parent)
    assert child.state.generation == 1 and child.state.parent == "a00000"
    assert colony.ledger.balance_of(parent.state.address) == before - config.economy.child_endowment
    bank = colony.predictor.bank.arrays
    for name, arr in bank.items():
        assert (arr[child.state.slot] == arr[parent.state.slot]).all(), name
