"""The cognitive cycle, written once against the ports.

observe → choose a plan → for each step: predict success, gate risky steps, execute
through a port → learn from the outcomes → share with peers.

An agent is plain state (:class:`AgentState`) plus a :class:`~colony_sim.ports.PortBundle`,
the colony's predictor bank (its brain is one slot) and a :class:`~colony_sim.cognition.mind.Mind`
(the other cognitive systems). :meth:`Agent.advance` does one unit of work and says when
the agent next wants to run; the engine turns that into a SimPy process. Because every
variable of the cycle lives in the state (never in a suspended generator), a colony can
be checkpointed at any instant and resumed exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from colony_sim import enforce
from colony_sim.cognition import federation
from colony_sim.cognition.mind import Mind, MindState
from colony_sim.economy import survival
from colony_sim.errors import InsufficientFunds
from colony_sim.model import PLANNER_STREAM, stream
from colony_sim.ports import Outcome, PortBundle
from colony_sim.safety.commit_gate import AWAITING, GateState
from colony_sim.sim.body import KIND

if TYPE_CHECKING:
    from colony_sim.cognition.predictors import Predictor
    from colony_sim.config import ColonyConfig
    from colony_sim.engine import Tally

RISKY = frozenset({KIND["commit"], KIND["deploy"]})
"""Steps the brain gate may block (they can damage the agent when they fail)."""

THINK_SECONDS = 2.0
COMPUTE = "sim:compute"
"""Wallet of the compute provider that every cost is paid to."""

_BENCH, _PEER = KIND["benchmark"], KIND["call_peer"]
_READ, _EDIT, _CHECK = KIND["read_file"], KIND["edit_code"], KIND["check"]
_COMMIT, _DEPLOY = KIND["commit"], KIND["deploy"]
_BUILD, _TEST = KIND["create_cartridge"], KIND["test_cartridge"]
_EMA = 0.05
_DRAWS = 256


@dataclass
class AgentState:
    """Everything an agent knows and is doing, as plain data.

    Attributes:
        agent_id: Stable id, also the wallet name (``sim:<id>``).
        number: Index of the agent's random streams (``SeedSequence`` spawn key).
        slot: Row of the agent's parameters in the predictor bank.
        address: Wallet address.
        born_at: Birth time (s).
        parent: Parent's id for clones, else ``None``.
        generation: 0 for founders, parent's + 1 for clones.
        now: The agent's own clock: the time it was last woken (s).
        wake_at: When it wants to run next (s).
        seq: Tie-break order of its pending wake-up (for exact resume).
        mind: State of the cognitive systems.
        plan: Step kinds of the plan in progress (empty between cycles).
        pos: Next step to execute.
        x: Feature rows of the plan, ``(len(plan), N_FEATURES)``.
        p: Predicted success of each step, ``(len(plan),)``.
        y: Outcomes of the executed steps so far (1.0 success, 0.0 failure).
        why: Error category of each executed step (``None`` on success).
        damage: A risky step failed during the plan.
        poisoned: Publishes corrupted brain weights (for federation experiments).
        draws: Buffered U(0, 1) draws of the mind stream; ``cursor`` is the next unused.
        fitness: Last measured fitness in [0, 1] (set at each colony sample; 0.3 unknown).
        tier: Survival tier (``normal``, ``conserve``, ``critical``; ``dead`` after death).
        phase: Lifecycle phase: ``fork`` → ``branch`` → ``birth`` (founders are born).
        branch: Branch the agent's code lives on (a fork's is its parent's).
        own_commits: Commits on its own ``vm/{id}`` branch.
        foreign_commits: Commits that landed on another branch (isolation off).
        children: Clones it spawned.
        blocks: Refusals per safety layer.
        repairs: Self-repairs made (brain resets, trail clears, poisoned rules dropped).
        repaired: Plans fixed by plan validation.
        brier_ema: Recent Brier score of the brain (EMA over steps).
        exchanges: Peer exchanges attempted; ``exchanges_ok`` those that reached a peer.
        changes: Committed changes inside the destruction guard's window.
        gate: Commit-gate state (a :class:`~colony_sim.safety.commit_gate.GateState`).
        approvals: The human gate's queue (``None`` until first used).
        nudge: A goal a human asked for (live ``/soul/nudge``), used by the next plan.
        quality: The code-quality model's parameters (created at the first scored diff).
        quality_steps: Its training steps (one per commit whose IQ delta was measured).
        quality_pending: Diff features of the change about to be committed.
        quality_last: Diff features of the last landed commit, until its delta is known.
    """

    agent_id: str
    number: int
    slot: int
    address: str
    born_at: float
    parent: str | None
    generation: int
    now: float
    wake_at: float
    seq: int = 0
    alive: bool = True
    died_at: float | None = None
    cycles: int = 0
    steps: int = 0
    successes: int = 0
    blocked: int = 0
    damages: int = 0
    revenue: int = 0
    costs: int = 0
    requests: int = 0
    success_ema: float = 0.5
    iq: float = math.nan
    surprise: float = 0.0
    scored_steps: int = 0
    brier: float = 0.0
    correct: int = 0
    plans: int = 0
    achieved: int = 0
    mind: MindState = field(default_factory=MindState)
    plan: tuple[int, ...] = ()
    pos: int = 0
    x: np.ndarray | None = None
    p: np.ndarray | None = None
    y: list[float] = field(default_factory=list)
    why: list[str | None] = field(default_factory=list)
    damage: bool = False
    poisoned: bool = False
    draws: list[float] = field(default_factory=list)
    cursor: int = 0
    fitness: float = 0.3
    tier: str = survival.NORMAL
    phase: str = "birth"
    branch: str = ""
    own_commits: int = 0
    foreign_commits: int = 0
    children: int = 0
    blocks: dict[str, int] = field(default_factory=dict)
    repairs: int = 0
    repaired: int = 0
    brier_ema: float = 0.25
    exchanges: int = 0
    exchanges_ok: int = 0
    changes: list[Any] = field(default_factory=list)
    gate: tuple[Any, ...] = tuple(GateState())
    approvals: Any = None
    nudge: str | None = None
    quality: Any = None
    quality_steps: int = 0
    quality_pending: Any = None
    quality_last: Any = None


class Agent:
    """One agent: its state, its ports, its brain slot and its mind.

    Args:
        state: The agent's plain-data state.
        ports: The adapters it may use.
        predictor: The colony's predictor bank (the agent uses its own slot).
        rng: The agent's mind stream (plan choice, dreams, evolution).
        config: The run's configuration.
        tally: Colony-wide counters for the current sampling period.
    """

    def __init__(
        self,
        state: AgentState,
        ports: PortBundle,
        predictor: Predictor,
        rng: np.random.Generator,
        config: ColonyConfig,
        tally: Tally,
    ) -> None:
        self.state = state
        self.ports = ports
        self.predictor = predictor
        self.rng = rng
        self.config = config
        self.tally = tally
        planner_rng = None
        if config.cognition.shared_init:  # every planner starts from the colony's first one
            planner_rng = partial(stream, config.seed, PLANNER_STREAM)
        self.mind = Mind(state.mind, config.cognition, self.uniform, rng, planner_rng)

    def uniform(self) -> float:
        """Next U(0, 1) draw from the mind stream (buffered in the state)."""
        s = self.state
        if s.cursor >= len(s.draws):
            s.draws = self.rng.random(_DRAWS).tolist()
            s.cursor = 0
        s.cursor += 1
        return s.draws[s.cursor - 1]

    # -- the cycle -------------------------------------------------------------------

    def advance(self) -> bool:
        """Run one unit of the cycle at ``state.wake_at``; return False if the agent died.

        A unit is either *think* (observe, choose a plan, predict its steps) or one
        *step* of the plan (the last step also learns and shares). On return,
        ``state.wake_at`` holds when the agent wants to run next.
        """
        s = self.state
        s.now = s.wake_at
        if not s.plan:
            return self._think()
        return self._step()

    def _pay(self, amount: int, memo: str) -> bool:
        if amount <= 0:
            return True
        try:
            self.ports.ledger.transfer(self.state.address, COMPUTE, amount, memo)
        except InsufficientFunds:
            self.die()
            return False
        self.state.costs += amount
        self.tally.costs += amount
        return True

    def _observe(self) -> None:
        ledger = self.ports.ledger
        for req in self.ports.market.poll(self.state.now):
            result = req.settlement or ledger.settle(req.payload, req.requirements)
            if result.success:
                self.state.revenue += req.requirements.amount
                self.state.requests += 1
                self.tally.revenue += req.requirements.amount
                self.tally.requests += 1
            else:
                self.tally.payment_failures += 1

    def _think(self) -> bool:
        s, cog, dyn = self.state, self.config.cognition, self.config.dynamics
        self._observe()
        balance = self.ports.ledger.balance_of(s.address)
        s.tier = survival.tier(balance, dyn.conserve_below, dyn.critical_below)
        reg = survival.regime(s.tier, dyn)
        if not self._pay(survival.think_cost(self.config.economy.think_cost, reg.think), "think"):
            return False
        s.cycles += 1
        self.tally.cycles += 1
        safety = self.config.safety
        if safety.self_repair and s.cycles % safety.repair_period == 0:
            enforce.self_repair(self)
        due = cog.bench_period and s.cycles % cog.bench_period == 0
        due = due or (safety.commit_gate and s.gate[0] == AWAITING)  # measure the last commit
        forced = "benchmark" if due and reg.benchmark else s.nudge
        s.nudge = None
        kinds = enforce.validate_plan(self, self.mind.choose_plan(s.now, forced))
        if kinds is None:  # a hard rule rejected the plan: think again next cycle
            self.mind.s.current = None
            s.wake_at = s.now + THINK_SECONDS + self._gap()
            return True
        sync = s.parent is None or s.phase != "birth" or dyn.birth_sync
        if cog.share_period and s.cycles % cog.share_period == 0 and reg.share and sync:
            kinds = (*kinds, _PEER)
        s.plan, s.pos, s.y, s.why, s.damage = kinds, 0, [], [], False
        endpoints = len(self.ports.market.endpoints())
        s.x = self.predictor.features(
            kinds,
            s.success_ema,
            self.ports.workspace.quality(),
            s.cycles,
            endpoints / self.config.economy.max_endpoints,
            endpoints,
            int(self.predictor.bank.trained[s.slot]),
        )
        s.p = self.predictor.predict(s.slot, s.x, kinds)
        s.wake_at = s.now + THINK_SECONDS
        return True

    def _step(self) -> bool:
        s, cog = self.state, self.config.cognition
        kind = s.plan[s.pos]
        assert s.p is not None
        if (
            kind in RISKY
            and self.config.safety.brain_gate
            and s.p[s.pos] < cog.gate_threshold
            and self.predictor.bank.trained[s.slot] >= cog.gate_min_steps
        ):
            s.blocked += 1
            self.tally.blocked += 1
            enforce.count(self, "brain_gate")
            return self._finish(0.0)
        if kind == _COMMIT:
            layer, spent = enforce.commit_refusal(self)
            if layer is not None:
                return self._finish(spent)
        elif kind == _DEPLOY and enforce.deploy_refusal(self, f"{s.agent_id}-c{s.cycles}"):
            return self._finish(0.0)
        cost = self.config.economy.step_cost
        if kind == _BENCH:
            cost += self.config.economy.bench_cost
        if not self._pay(cost, "step"):
            return False
        out = self._execute(kind)
        ok = out.ok
        outcome = 1.0 if ok else 0.0
        s.y.append(outcome)
        s.why.append(out.error)
        s.pos += 1
        s.steps += 1
        self.tally.steps += 1
        if ok:
            s.successes += 1
        elif kind in RISKY:
            s.damage = True
        s.success_ema += _EMA * (outcome - s.success_ema)
        if ok and s.pos < len(s.plan):
            s.wake_at = s.now + out.duration
            return True
        return self._finish(out.duration)

    def _execute(self, kind: int) -> Outcome:
        s, ports = self.state, self.ports
        if kind == _READ:
            return ports.workspace.read("src/app.py")
        if kind == _EDIT:
            out = ports.workspace.edit(enforce.WORK_PATH)
            if out.ok and self.config.safety.protected_files and out.value is not None:
                if enforce.guard.is_protected(out.value[0]):  # layer 1: refuse the write
                    ports.workspace.revert()
                    enforce.count(self, "protected_files")
                    return Outcome(False, "protected_file", out.duration)
            return out
        if kind == _CHECK:
            return ports.workspace.check()
        if kind == _COMMIT:
            pending = ports.workspace.pending()
            change = pending.change if pending is not None else None
            target = enforce.commit_target(self)
            out = ports.workspace.commit(f"cycle {s.cycles}", target)
            if out.error != "git_error" and out.value is not None:  # the commit landed
                enforce.after_commit(self, target, change)
            return out
        if kind == _BUILD:
            return ports.sandbox.build(f"{s.agent_id}-c{s.cycles}")
        if kind == _TEST:
            return ports.sandbox.test(f"{s.agent_id}-c{s.cycles}")
        if kind == _DEPLOY:
            return ports.sandbox.deploy(f"{s.agent_id}-c{s.cycles}")
        if kind == _BENCH:
            out = ports.bench.run(6)
            s.iq = float(out.value)
            enforce.after_benchmark(self, s.iq)
            return out
        return self._share()

    def fitness(self) -> float:
        """Fitness in [0, 1] (:mod:`colony_sim.economy.fitness`), measured at each sample.

        Weights this agent's influence in federation (up to 2× for fitter peers).
        """
        return self.state.fitness

    def _share(self) -> Outcome:
        s, cog, peers = self.state, self.config.cognition, self.ports.peers
        brain = self.predictor.export_weights(s.slot)
        if s.poisoned and brain is not None:
            brain = federation.byzantine(brain, self.rng, cog.poison_scale)
        peers.publish(s.agent_id, "mind", self.mind.offer(brain, self.fitness()))
        got = peers.sample(s.agent_id, "mind", cog.share_peers)
        own = self.predictor.export_weights(s.slot) if cog.federation else None
        merged = self.mind.absorb(got, own, self.fitness())
        s.exchanges += 1
        s.exchanges_ok += bool(got)
        if merged is not None:
            self.predictor.import_weights(s.slot, merged)
        return Outcome(bool(got), None if got else "network_error", 5.0)

    def _finish(self, last_duration: float) -> bool:
        """Learn from the executed steps, schedule the next cycle."""
        s, cog = self.state, self.config.cognition
        n = len(s.y)
        if n:
            assert s.x is not None and s.p is not None
            p = s.p[:n].tolist()
            # The plan's Brier score, its running average and the hits, in one pass; the
            # sums run step by step in order, as free_energy.score does (its surprise is
            # not needed here: the mind's digest gives F).
            brier, ema, hits = 0.0, s.brier_ema, 0
            for pi, yi in zip(p, s.y, strict=True):
                sq = (pi - yi) ** 2
                brier += sq
                ema += _EMA * (sq - ema)
                hits += (pi > 0.5) == (yi > 0.5)
            s.brier += brier
            s.brier_ema = ema
            s.correct += hits
            self.tally.brier += brier
            self.tally.correct += hits
            f, achieved = self.mind.digest(s.plan, s.x, p, s.y, s.why, s.damage, s.cycles)
            s.plans += 1
            s.achieved += achieved
            self.tally.plans += 1
            self.tally.achieved += achieved
            s.surprise += f
            s.scored_steps += n
            self.tally.surprise += f
            self.tally.scored += n
            self.predictor.learn(s.slot, s.x[:n], s.plan[:n], s.y, s.why)
            if cog.cortex and s.cycles % cog.dream_period == 0:
                replay = self.mind.dream()
                if replay is not None and self.predictor.name == "default":
                    rows, kinds, ys, whys = replay
                    self.predictor.learn(s.slot, rows, kinds, ys, whys)
        s.damages += s.damage
        s.plan, s.x, s.p, s.y, s.why = (), None, None, [], []
        s.wake_at = s.now + last_duration + self._gap()
        return True

    def _gap(self) -> float:
        """Seconds to the next cycle: ``cycle_period ± jitter``, times the tier's cadence."""
        c = self.config
        cadence = survival.regime(self.state.tier, c.dynamics).cadence
        return cadence * c.cycle_period * (1.0 - c.jitter + 2.0 * c.jitter * self.uniform())

    def die(self) -> None:
        """Mark the agent dead now; its wallet keeps whatever is left."""
        s = self.state
        if s.alive:
            s.alive = False
            s.died_at = s.now
            s.tier = survival.DEAD
            s.plan, s.x, s.p, s.y, s.why = (), None, None, [], []

    def snapshot(self) -> dict[str, Any]:
        """Plain-data summary for agent-level rows."""
        s, m = self.state, self.state.mind
        scored = max(m.scored, 1)
        body = getattr(self.ports.workspace, "body", None)
        return {
            "agent_id": s.agent_id,
            "generation": s.generation,
            "parent": s.parent or "",
            "alive": s.alive,
            "balance": self.ports.ledger.balance_of(s.address),
            "cycles": s.cycles,
            "steps": s.steps,
            "success_rate": s.successes / s.steps if s.steps else math.nan,
            "F": s.surprise / s.scored_steps if s.scored_steps else math.nan,
            "brier": s.brier / s.scored_steps if s.scored_steps else math.nan,
            "accuracy": s.correct / s.scored_steps if s.scored_steps else math.nan,
            "task_success": s.achieved / s.plans if s.plans else math.nan,
            "brier_cortex": m.brier["cortex"] / scored if m.scored else math.nan,
            "brier_self": m.brier["self"] / scored if m.scored else math.nan,
            "regime": m.regime,
            "templates": len(m.pool),
            "lessons": len(m.rules),
            "refused_updates": m.refused,
            "blocked": s.blocked,
            "damages": s.damages,
            "revenue": s.revenue,
            "costs": s.costs,
            "requests": s.requests,
            "endpoints": len(self.ports.market.endpoints()),
            "quality": self.ports.workspace.quality(),
            "iq": s.iq,
            "fitness": s.fitness,
            "tier": s.tier,
            "phase": s.phase,
            "branch": s.branch,
            "born_at": s.born_at,
            "children": s.children,
            "own_commits": s.own_commits,
            "foreign_commits": s.foreign_commits,
            "safety_blocks": sum(s.blocks.values()),
            "repairs": s.repairs,
            "lobotomies": body.lobotomies if body is not None else 0,
            "protected_writes": body.protected_writes if body is not None else 0,
        }
