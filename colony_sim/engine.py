"""The colony: a SimPy environment running many agents, each a process of its own.

* Every agent has its own cadence (jittered), its own random streams derived from one
  root seed (``SeedSequence(seed, spawn_key=(AGENT_STREAMS, number))``), so adding an
  agent never shifts another's draws.
* Agents can be added and removed while the colony runs (births, deaths, by hand).
* Colony rows are collected every ``sample_period`` seconds and agent rows every
  ``agent_sample_every`` samples, into tidy tables (see :mod:`colony_sim.recorder`).
* :meth:`Colony.save` / :meth:`Colony.load` checkpoint the whole colony as plain data;
  a resumed run equals an uninterrupted one bit for bit.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import math
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import simpy

from colony_sim import safe_pickle
from colony_sim.agent import COMPUTE, Agent, AgentState
from colony_sim.cognition.mind import MindState
from colony_sim.cognition.predictors import make_predictor
from colony_sim.config import SAFETY_LAYERS, ColonyConfig
from colony_sim.dynamics import measure_fitness, mutate_child
from colony_sim.economy import differentiation, selection
from colony_sim.errors import CheckpointError, ColonyError
from colony_sim.floats import left_sum
from colony_sim.metrics import gini
from colony_sim.model import BRAIN_STREAM, Model
from colony_sim.ports import PortBundle
from colony_sim.recorder import Table
from colony_sim.sim import (
    SimBench,
    SimBody,
    SimClock,
    SimLedger,
    SimMarket,
    SimPeers,
    SimSandbox,
    SimWorkspace,
)
from colony_sim.sim.bench import by_tier, items_digest, load_tiers
from colony_sim.sim.market import BUYER

CHECKPOINT_VERSION = 3
LEDGER_STREAM, PEERS_STREAM, AGENT_STREAMS = 0, 1, 2


@dataclass
class Tally:
    """Colony-wide counters for the current sampling period (reset at each sample)."""

    cycles: int = 0
    steps: int = 0
    scored: int = 0
    surprise: float = 0.0
    brier: float = 0.0
    correct: int = 0
    plans: int = 0
    achieved: int = 0
    revenue: int = 0
    costs: int = 0
    requests: int = 0
    payment_failures: int = 0
    blocked: int = 0
    births: int = 0
    deaths: int = 0
    safety: dict[str, int] = field(default_factory=dict)

    def reset(self) -> None:
        """Zero every counter."""
        for f in fields(self):
            if f.default_factory is not MISSING:
                setattr(self, f.name, f.default_factory())
            else:
                setattr(self, f.name, f.default)


def run_id_for(config: ColonyConfig) -> str:
    """Deterministic id of a run: a hash of its config (seed included) and item parameters.

    The item parameters are those the simulated Bench draws from (``bench_items``, else
    the shipped ``item_params.json``), so a refit gives new ids (and a resumed sweep
    reruns its runs). The item file counts by its content, not its path: the same file
    read from another folder or machine gives the same id.
    """
    pathless = config.model_copy(update={"bench_items": None})  # its digest stands for it
    text = pathless.to_json() + items_digest(config.bench_items)
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return f"{digest}-s{config.seed}"


class Colony(Model):
    """A colony of agents on a ``simpy.Environment``.

    Args:
        config: The run's configuration (a validated :class:`ColonyConfig`).
        spill_dir: If given, rows stream to Parquet files there instead of RAM.
        make_env: Builds the SimPy environment from a start time (see :class:`Model`);
            default a plain ``simpy.Environment``.

    Example:
        >>> colony = Colony(ColonyConfig(agents=10, until=3600, seed=1))
        >>> colony.run()                                  # doctest: +SKIP
        >>> colony.colony_frame()[["time", "population", "F"]]  # doctest: +SKIP
    """

    table_name = "colony"

    def __init__(
        self,
        config: ColonyConfig,
        *,
        spill_dir: Path | None = None,
        make_env: Callable[[float], simpy.Environment] | None = None,
    ) -> None:
        super().__init__(
            seed=config.seed,
            sample_period=config.sample_period,
            spill_dir=spill_dir,
            make_env=make_env,
        )
        self.config = config
        self.run_id = run_id_for(config)
        self.bench_items = load_tiers(config.bench_items)  # read once, shared by every agent
        self.clock = SimClock(self.env)
        self.ledger = SimLedger(self.clock, self.stream(LEDGER_STREAM))
        self.peers = SimPeers(self.stream(PEERS_STREAM))
        cog = config.cognition
        self.predictor = make_predictor(
            cog.level, max(16, config.agents), cog.hidden, cog.learning_rate, shape=cog.brain_shape
        )
        self.tally = Tally()
        self.agents: dict[str, Agent] = {}
        self.dead: list[Agent] = []
        self.births = 0
        self.deaths = 0
        self.next_number = 0
        self.median_fitness = math.nan
        self._spill_dir = spill_dir
        self.agent_table = Table("agents", spill_dir)
        self.ledger.open(COMPUTE)
        self.ledger.mint(BUYER, config.economy.buyer_funds)
        for _ in range(config.agents):
            self.add_agent()
        self.start_sampling()

    # -- agents -----------------------------------------------------------------------

    def add_agent(self, parent: Agent | None = None, endowment: int | None = None) -> Agent:
        """Create an agent now and start its process.

        A founder (``parent=None``) is minted its initial balance. A clone inherits its
        parent's predictor weights and trails, and mutated skills; its endowment moves
        from the parent's wallet (no money is created).

        Args:
            parent: The cloning agent, or ``None`` for a founder.
            endowment: Units the child receives from the parent (default from config).

        Returns:
            The new agent.
        """
        c, econ = self.config, self.config.economy
        number = self.next_number
        self.next_number += 1
        agent_id = f"a{number:05d}"
        mind_rng = self.stream(AGENT_STREAMS, number, 0)
        world_rng = self.stream(AGENT_STREAMS, number, 1)
        # A clone is born at its parent's own (exact) time, not the event queue's float.
        now = parent.state.now if parent is not None else self.now
        address = self.ledger.open(f"sim:{agent_id}")
        slot = self.predictor.bank.allocate()
        if parent is None:
            skills = c.skill_mean + c.skill_spread * world_rng.standard_normal(len(_KINDS))
            shared = c.cognition.shared_init  # every founder: the same first brain
            self.predictor.init_slot(slot, self.stream(BRAIN_STREAM) if shared else mind_rng)
            mind = MindState(trails_time=now)
            generation = 0
            self.ledger.mint(address, econ.initial_balance)
        else:
            p_body = parent.ports.workspace.body  # type: ignore[attr-defined]
            spread = c.dynamics.skill_mutation * c.skill_spread
            skills = p_body.skills + spread * world_rng.standard_normal(len(_KINDS))
            self.predictor.copy(parent.state.slot, slot)
            mind = inherit(parent.state.mind)
            mutate_child(self.predictor, slot, mind, c.dynamics, mind_rng)
            parent.state.children += 1
            generation = parent.state.generation + 1
            amount = econ.child_endowment if endowment is None else endowment
            self.ledger.transfer(parent.state.address, address, amount, "endowment")
        state = AgentState(
            agent_id=agent_id,
            number=number,
            slot=slot,
            address=address,
            born_at=now,
            parent=parent.state.agent_id if parent else None,
            generation=generation,
            now=now,
            wake_at=now + c.cycle_period * mind_rng.random(),
            mind=mind,
            poisoned=parent is None and number < c.cognition.poisoned,
            phase=selection.BIRTH if parent is None else selection.FORK,
            branch=selection.branch_name(agent_id) if parent is None else parent.state.branch,
        )
        body = SimBody(skills=skills, rng=world_rng)
        if parent is not None:  # a fork starts from its parent's code
            body.files = dict(p_body.files)
            body.quality = p_body.quality
        agent = self._assemble(state, body, mind_rng)
        for i in range(econ.initial_endpoints if parent is None else 0):
            agent.ports.market.add_endpoint(f"{agent_id}-e{i}")
        self.agents[agent_id] = agent
        self._launch(agent)
        return agent

    def _assemble(self, state: AgentState, body: SimBody, mind_rng: np.random.Generator) -> Agent:
        econ = self.config.economy
        market = SimMarket(
            body,
            self.ledger,
            state.address,
            price=econ.price,
            demand_rate=econ.demand_rate,
            timeout_s=econ.payment_timeout_s,
            since=state.now,
        )
        ports = PortBundle(
            clock=self.clock,
            ledger=self.ledger,
            market=market,
            workspace=SimWorkspace(body),
            sandbox=SimSandbox(body, market, econ.max_endpoints),
            bench=SimBench(body, self.bench_items),
            peers=self.peers,
        )
        return Agent(state, ports, self.predictor, mind_rng, self.config, self.tally)

    def shift_world(self, delta: float) -> None:
        """A regime shift: every living agent's latent skills move by ``delta`` (logits).

        The agents are not told; their predictors must notice through surprise.
        """
        for agent in self.agents.values():
            body = agent.ports.workspace.body  # type: ignore[attr-defined]
            body.skills = body.skills + delta
            body.skill = body.skills.tolist()

    def remove_agent(self, agent_id: str) -> None:
        """Kill an agent now (its process ends at its next wake-up)."""
        agent = self.agents.get(agent_id)
        if agent is None:
            raise ColonyError(f"agent_id: no living agent {agent_id!r}")
        agent.state.now = self.now
        agent.die()
        self._bury(agent)

    def _bury(self, agent: Agent) -> None:
        if self.agents.pop(agent.state.agent_id, None) is None:
            return
        self.deaths += 1
        self.tally.deaths += 1
        self.peers.withdraw(agent.state.agent_id)
        self.predictor.release(agent.state.slot)
        self.dead.append(agent)

    def _launch(self, agent: Agent) -> None:
        agent.state.seq = self.next_seq()
        self.add_process(functools.partial(self._advance, agent), agent.state.wake_at)

    def _advance(self, agent: Agent) -> float | None:
        s = agent.state
        if not s.alive:
            return None
        if not agent.advance():
            self._bury(agent)
            return None
        if not s.plan:
            self._maybe_clone(agent)
        s.seq = self.next_seq()
        return s.wake_at

    def _maybe_clone(self, agent: Agent) -> None:
        """Clone ``agent`` if the selection rule allows (:func:`selection.may_spawn`).

        The parent pays the clone fee to the compute provider (``sim:compute``: the fee
        buys the child's VM, like every other compute cost) and the child's endowment to
        the child's new wallet. Nothing is minted.
        """
        econ, dyn = self.config.economy, self.config.dynamics
        if not econ.birth_threshold or len(self.agents) >= self.config.max_agents:
            return
        s = agent.state
        balance = self.ledger.balance_of(s.address)
        if balance < econ.clone_price + econ.child_endowment or not selection.may_spawn(
            s.fitness,
            self.median_fitness,
            len(self.agents),
            balance,
            econ.birth_threshold,
            s.cycles,
            dyn.spawn_min_cycles,
            selection=dyn.selection,
        ):
            return
        self.ledger.transfer(agent.state.address, COMPUTE, econ.clone_price, "clone")
        agent.state.costs += econ.clone_price
        self.tally.costs += econ.clone_price
        self.add_agent(parent=agent)
        self.births += 1
        self.tally.births += 1

    # -- sampling ---------------------------------------------------------------------

    def observe(self) -> dict[str, Any]:
        """Colony row of the period that ends now; agent rows every few periods."""
        self.predictor.flush()  # bounds the brains' training lag by one sampling period
        t, c = self.tally, self.config
        alive = list(self.agents.values())
        balances = np.array([self.ledger.balance_of(a.state.address) for a in alive], float)
        fits = measure_fitness(alive, c.dynamics)
        self.median_fitness = selection.median(fits)
        tiers = [a.state.tier for a in alive]
        row = {
            "run_id": self.run_id,
            "population": len(alive),
            "births": t.births,
            "deaths": t.deaths,
            "cycles": t.cycles,
            "steps": t.steps,
            "F": t.surprise / t.scored if t.scored else math.nan,
            "brier": t.brier / t.scored if t.scored else math.nan,
            "accuracy": t.correct / t.scored if t.scored else math.nan,
            "task_success": t.achieved / t.plans if t.plans else math.nan,
            "wealth_mean": float(balances.mean()) if len(alive) else math.nan,
            "wealth_gini": gini(balances),
            "revenue": t.revenue,
            "costs": t.costs,
            "requests": t.requests,
            "payment_failures": t.payment_failures,
            "blocked": t.blocked,
            "supply": self.ledger.minted,
            "fitness_mean": float(np.mean(fits)) if fits else math.nan,
            "iq_mean": _nanmean([a.state.iq for a in alive]),
            "iq_measured": (
                sum(not math.isnan(a.state.iq) for a in alive) / len(alive) if alive else math.nan
            ),
            "fitness_median": self.median_fitness,
            "conserve": tiers.count("conserve"),
            "critical": tiers.count("critical"),
            "generation_max": max((a.state.generation for a in alive), default=0),
            "lobotomies": sum(a.ports.workspace.body.lobotomies for a in alive),  # type: ignore[attr-defined]
            "protected_writes": sum(a.ports.workspace.body.protected_writes for a in alive),  # type: ignore[attr-defined]
            "foreign_commits": sum(a.state.foreign_commits for a in alive),
            "repairs": sum(a.state.repairs for a in alive),
            "profile_spread": differentiation.spread([a.state.mind.profile for a in alive]),
        }
        for layer in SAFETY_LAYERS:
            row[f"block_{layer}"] = t.safety.get(layer, 0)
        if self.samples % c.agent_sample_every == 0:
            for a in alive:
                agent_row = {"run_id": self.run_id, "seed": c.seed, "time": self._sample_at}
                agent_row.update(a.snapshot())
                self.agent_table.append(agent_row)
        t.reset()
        return row

    # -- running ----------------------------------------------------------------------

    def run(
        self,
        until: float | None = None,
        *,
        stop: Callable[[Colony], bool] | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> Colony:
        """Run to time ``until`` (default: the config's), or until ``stop(colony)`` is true.

        ``stop`` and ``progress`` are called after every colony sample; the run also
        ends when no agent is left. Returns the colony, for chaining.
        """
        end = self.config.until if until is None else until

        def done(colony: Colony) -> bool:
            return not colony.agents or (stop is not None and stop(colony))

        super().run(end, stop=done, progress=progress)
        return self

    def colony_frame(self) -> pd.DataFrame:
        """Colony rows so far: one per sampling period (columns ``run_id, seed, time, …``)."""
        frame = self.frame()
        if len(frame):
            lead = ["run_id", "seed", "time"]
            frame = frame[lead + [c for c in frame.columns if c not in lead]]
        return frame

    def agents_frame(self) -> pd.DataFrame:
        """Agent rows so far: one per living agent every ``agent_sample_every`` samples."""
        return self.agent_table.frame()

    def close(self) -> None:
        """Flush and close any Parquet files being written."""
        self.table.close()
        self.agent_table.close()

    # -- checkpoints ------------------------------------------------------------------

    def checkpoint(self) -> dict[str, Any]:
        """The whole colony as plain data (no generators, no SimPy objects)."""
        if self._spill_dir is not None:
            raise CheckpointError("checkpoints need in-memory recording (spill_dir=None)")

        def agent_data(a: Agent) -> dict[str, Any]:
            return {
                "state": a.state,
                "mind_rng": a.rng.bit_generator.state,
                "body": a.ports.workspace.body.state(),  # type: ignore[attr-defined]
                "market": a.ports.market.state(),  # type: ignore[attr-defined]
                "slot": self.predictor.bank.export(a.state.slot),
            }

        return {
            "version": CHECKPOINT_VERSION,
            "config": self.config.model_dump(),
            "run_id": self.run_id,
            "bench_items": [p for tier in self.bench_items.values() for p in tier],
            "now": self.now,
            "counters": {
                k: getattr(self, k)
                for k in (
                    "births",
                    "deaths",
                    "median_fitness",
                    "samples",
                    "next_number",
                    "seq",
                    "_sample_at",
                    "_sample_seq",
                )
            },
            "tally": {f.name: getattr(self.tally, f.name) for f in fields(Tally)},
            "ledger": self.ledger.state(),
            "peers": self.peers.state(),
            "agents": [agent_data(a) for a in self.agents.values()],
            "pending": self.predictor.pending_state(),
            "dead": [a.state for a in self.dead],
            "colony_table": self.table.state(),
            "agent_table": self.agent_table.state(),
        }

    def save(self, path: str | Path) -> Path:
        """Write :meth:`checkpoint` to ``path`` (a pickle of plain data, see :meth:`load`)."""
        return safe_pickle.write(path, self.checkpoint())

    @classmethod
    def load(cls, path: str | Path) -> Colony:
        """Rebuild a colony saved by :meth:`save`; processes are recreated in order.

        The file is read with :func:`colony_sim.safe_pickle.read`: its checksum is
        verified first, and only plain data (our dataclasses, numpy arrays, builtin
        containers) is rebuilt, so a corrupt or hostile file fails to load instead of
        resuming wrong or running code.
        """
        data = safe_pickle.read(path, "checkpoint")
        if not isinstance(data, dict) or data.get("version") != CHECKPOINT_VERSION:
            raise CheckpointError(
                f"checkpoint: {path} is not a version-{CHECKPOINT_VERSION} checkpoint"
            )
        return cls.restore(data)

    @classmethod
    def restore(cls, data: dict[str, Any]) -> Colony:
        """Rebuild a colony from :meth:`checkpoint` data."""
        config = ColonyConfig.model_validate(data["config"])
        self = cls.__new__(cls)
        Model.__init__(
            self, seed=config.seed, sample_period=config.sample_period, initial_time=data["now"]
        )
        self.config = config
        self.run_id = data.get("run_id") or run_id_for(config)
        # The items the run drew from, even if the file changed since the checkpoint.
        items = data.get("bench_items")
        self.bench_items = load_tiers(config.bench_items) if items is None else by_tier(items)
        self.clock = SimClock(self.env)
        self.ledger = SimLedger(self.clock, self.stream(LEDGER_STREAM))
        self.ledger.load(data["ledger"])
        self.peers = SimPeers(self.stream(PEERS_STREAM))
        self.peers.load(data["peers"])
        cog = config.cognition
        self.predictor = make_predictor(
            cog.level,
            max(16, len(data["agents"])),
            cog.hidden,
            cog.learning_rate,
            shape=cog.brain_shape,
        )
        self.tally = Tally(**data["tally"])
        for k, v in data["counters"].items():
            setattr(self, k, v)
        self._spill_dir = None
        self.median_fitness = data["counters"].get("median_fitness", math.nan)
        self.table.load(data["colony_table"])
        self.agent_table = Table("agents")
        self.agent_table.load(data["agent_table"])
        self.agents = {}
        self.dead = []
        for st in data["dead"]:
            self.dead.append(Agent(st, None, self.predictor, None, config, self.tally))  # type: ignore[arg-type]
        pending: list[tuple[float, int, Callable[[], object]]] = []
        slot_map: dict[int, int] = {}
        for item in data["agents"]:
            state: AgentState = item["state"]
            rng = np.random.Generator(np.random.PCG64())
            rng.bit_generator.state = item["mind_rng"]
            slot = self.predictor.bank.allocate()
            self.predictor.bank.restore(slot, item["slot"])
            slot_map[state.slot] = slot
            state.slot = slot
            agent = self._assemble(state, SimBody.from_state(item["body"]), rng)
            agent.ports.market.load(item["market"])  # type: ignore[attr-defined]
            self.agents[state.agent_id] = agent
            pending.append(
                (
                    state.wake_at,
                    state.seq,
                    functools.partial(
                        self.add_process, functools.partial(self._advance, agent), state.wake_at
                    ),
                )
            )
        self.predictor.load_pending(data["pending"], slot_map)
        pending.append(
            (self._sample_at, self._sample_seq, lambda: self.env.process(self._sampler()))
        )  # noqa: E501
        for _, _, start in sorted(pending, key=lambda t: (t[0], t[1])):
            start()
        return self


_KINDS = range(9)


def _nanmean(values: list[float]) -> float:
    """Mean of the finite values (NaN if none): the colony IQ of agents measured so far."""
    xs = [v for v in values if math.isfinite(v)]
    return left_sum(xs) / len(xs) if xs else math.nan


def inherit(parent: MindState) -> MindState:
    """A clone's mind: a copy of the parent's knowledge.

    Templates, trails, world model and lessons are inherited; the parent's scores and
    in-flight plan are left behind.
    """
    child = copy.deepcopy(parent)
    child.surprise = dict.fromkeys(child.surprise, 0.0)
    child.brier = dict.fromkeys(child.brier, 0.0)
    child.scored = child.refused = child.imagined_away = 0
    child.refusals.clear()
    child.current = None
    child.bonus = {}
    child.proposals = 0
    for t in child.pool:
        t.source = ""
    return child
