"""The mind of one agent: the cognitive systems wired together behind one interface.

The cycle (:mod:`colony_sim.agent`) asks the mind three things: *choose a plan*,
*digest what happened*, and *exchange with peers*. Each system is a module of pure
functions (genesis, hivemind, cortex, synthesis, feedback, free energy, federation);
this class holds their state as plain data and calls them, honouring the config's
switches. The brain (step-success predictor) lives in the colony's predictor bank.

Free energy per executed step is the summed surprise of the systems that predicted it:
``F = −ln p_brain(y) − ln p_cortex(y) − ln p_self(y)`` (nats; a system switched off
contributes nothing).
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from colony_sim.cognition import (
    autonomy,
    cortex,
    federation,
    feedback,
    genesis,
    hivemind,
    synthesis,
)
from colony_sim.cognition.free_energy import LEARN, P_MIN, regime_step
from colony_sim.cognition.genesis import Template
from colony_sim.sim.body import KIND

log = logging.getLogger(__name__)
_READ = KIND["read_file"]
_CHECKS = (KIND["check"], KIND["test_cartridge"])
REPLAY = 64
EXPLORE_TEMPERATURE = 2.0
EXPLOIT_TEMPERATURE = 0.5


_CELLS: dict[tuple[int, ...], list[int]] = {}


def _cells(plan: tuple[int, ...]) -> list[int]:
    """Cortex cells (``kind · 4 + context``) of a plan's steps; memoised per plan."""
    cells = _CELLS.get(plan)
    if cells is None:
        cells, read, checked = [], False, False
        for k in plan:
            cells.append(4 * k + cortex.context_of(read, checked))
            read = read or k == _READ
            checked = checked or k in _CHECKS
        _CELLS[plan] = cells
    return cells


def _surprises(p: list[float], y: list[float]) -> list[float]:
    """Per-step surprise ``−ln max(P_MIN, p(y))`` (nats) of a system's predictions."""
    log = math.log
    return [-log(max(P_MIN, pi if yi > 0 else 1.0 - pi)) for pi, yi in zip(p, y, strict=True)]


@dataclass
class MindState:
    """Plain-data state of every system of one agent (checkpointable)."""

    pool: list[Template] = field(default_factory=genesis.seed_pool)
    trails: dict[Any, float] = field(default_factory=dict)
    trails_time: float = 0.0
    reputation: dict[str, float] = field(default_factory=dict)
    cortex_wins: list[float] = field(default_factory=lambda: cortex.new_tables()[0])
    cortex_tries: list[float] = field(default_factory=lambda: cortex.new_tables()[1])
    replay: deque = field(default_factory=lambda: deque(maxlen=REPLAY))
    calib: list[float] = field(default_factory=synthesis.new_calibration)
    profile: list[float] = field(default_factory=synthesis.new_profile)
    errors: list[float] = field(default_factory=lambda: feedback.new_tables()[0])
    pre: list[float] = field(default_factory=lambda: feedback.new_tables()[1])
    rules: list[tuple[int, int]] = field(default_factory=list)
    regime: str = LEARN
    f_fast: float = math.nan
    f_slow: float = math.nan
    surprise: dict[str, float] = field(
        default_factory=lambda: {"brain": 0.0, "cortex": 0.0, "self": 0.0}
    )
    brier: dict[str, float] = field(
        default_factory=lambda: {"brain": 0.0, "cortex": 0.0, "self": 0.0}
    )
    scored: int = 0
    refused: int = 0
    refusals: deque = field(default_factory=lambda: deque(maxlen=20))
    imagined_away: int = 0
    current: Template | None = None
    bonus: dict[Any, float] = field(default_factory=dict)
    achieved: deque = field(default_factory=lambda: deque(maxlen=32))
    planner: dict[str, np.ndarray] | None = None
    planner_adam: Any = None
    proposals: int = 0


class Mind:
    """Orchestrates the cognitive systems of one agent.

    Args:
        state: The systems' state.
        cog: The cognition config (switches and parameters).
        uniform: The agent's source of U(0, 1) draws (its mind stream).
        rng: The agent's mind stream itself (for model initialisation and sampling).
        planner_rng: Makes the generator that initialises the plan transformer when the
            agent first needs one; ``None`` draws it from ``rng``. With
            ``cognition.shared_init`` the engine passes the colony's common stream, so
            every agent's planner starts from the same weights and federation averages
            comparable units.
    """

    def __init__(
        self,
        state: MindState,
        cog: Any,
        uniform: Any,
        rng: np.random.Generator,
        planner_rng: Callable[[], np.random.Generator] | None = None,
    ) -> None:
        self.s = state
        self.cog = cog
        self.uniform = uniform
        self.rng = rng
        self.planner_rng = planner_rng

    # -- planning ---------------------------------------------------------------------

    def choose_plan(self, now: float, forced_goal: str | None) -> tuple[int, ...]:
        """Draw the next plan: genesis × hivemind × curiosity, repaired and imagined."""
        s, cog = self.s, self.cog
        if cog.hivemind:
            hivemind.evaporate(s.trails, now - s.trails_time, cog.evaporation_rate)
        s.trails_time = now
        goals = (forced_goal,) if forced_goal else ("improve", "build")
        candidates = [t for t in s.pool if t.goal in goals]
        weights = self._weights(candidates)
        for _ in range(3):
            t = genesis.choose(candidates, weights, self.uniform())
            plan = feedback.repair(t.steps, s.rules) if cog.feedback else t.steps
            if not (cog.synthesis and cog.cortex) or len(candidates) == 1:
                break
            imagined = synthesis.imagine(
                cortex.predict(s.cortex_wins, s.cortex_tries, _cells(plan))
            )
            if imagined >= cog.imagination_threshold:
                break
            s.imagined_away += 1
            i = candidates.index(t)
            weights[i] *= 0.1
        s.current = t
        return plan

    def _uncertainty(self, steps: tuple[int, ...]) -> float:
        return cortex.uncertainty(self.s.cortex_wins, self.s.cortex_tries, _cells(steps))

    def _weights(self, candidates: list[Template]) -> list[float]:
        """Selection weight of each candidate: fitness × trail × curiosity, tempered by F.

        ``w = fitness · (τ + 1) · (1 + curiosity · scale · bonus)``, raised to ``1 / T``
        outside the LEARN regime (each factor only when its system is on). The switches
        and regime-dependent constants are looked up once per call, not per template.
        """
        s, cog = self.s, self.cog
        use_fitness, trails = cog.genesis, s.trails if cog.hivemind else None
        curious = bool(cog.cortex and cog.curiosity)
        gain = cog.curiosity * (2.0 if s.regime == "explore" else 1.0)
        power = None
        if cog.free_energy and s.regime != LEARN:
            power = 1.0 / (EXPLORE_TEMPERATURE if s.regime == "explore" else EXPLOIT_TEMPERATURE)
        bonuses, fitness = s.bonus, genesis.fitness
        out = []
        for t in candidates:
            key = (t.goal, t.steps)  # t.key, built once per template
            w = fitness(t) if use_fitness else 1.0
            if trails is not None:
                w *= trails.get(key, 0.0) + 1.0
            if curious:
                bonus = bonuses.get(key)
                if bonus is None:
                    bonus = bonuses[key] = self._uncertainty(t.steps)
                w *= 1.0 + gain * bonus
            if power is not None:
                w = w**power
            out.append(w)
        return out

    # -- learning ---------------------------------------------------------------------

    def digest(
        self,
        plan: tuple[int, ...],
        x: np.ndarray,
        p_brain: list[float],
        y: list[float],
        why: list[str | None],
        damage: bool,
        cycles: int,
    ) -> tuple[float, bool]:
        """Learn from a finished plan; returns its free energy (nats) and goal success.

        The plan's reward (:func:`genesis.reward`) updates its template's record and
        lays pheromone on its edge; a template learnt from a peer updates that peer's
        reputation.
        """
        s, cog = self.s, self.cog
        t = s.current
        reward = genesis.reward(t.goal, plan, y, damage) if t is not None else 0.0
        n = len(y)
        kinds = list(plan[:n])
        cells = _cells(plan)[:n]
        p_cortex = cortex.predict(s.cortex_wins, s.cortex_tries, cells) if cog.cortex else None
        p_self = [s.profile[k] for k in kinds] if cog.synthesis else None
        # Each system's surprise per step, computed once: F sums them step by step
        # (brain, cortex, self: the summation order is part of the result), and the
        # evaluation scores reuse them.
        nll_brain = _surprises(p_brain[:n], y)
        nll_cortex = _surprises(p_cortex, y) if p_cortex is not None else None
        nll_self = _surprises(p_self, y) if p_self is not None else None
        f = 0.0
        if nll_cortex is not None and nll_self is not None:
            for b, c, m in zip(nll_brain, nll_cortex, nll_self, strict=True):
                f += b
                f += c
                f += m
        else:
            for i, b in enumerate(nll_brain):
                f += b
                if nll_cortex is not None:
                    f += nll_cortex[i]
                if nll_self is not None:
                    f += nll_self[i]
        if cog.evaluation:
            self._score("brain", nll_brain, p_brain, y)
            if p_cortex is not None and nll_cortex is not None:
                self._score("cortex", nll_cortex, p_cortex, y)
            if p_self is not None and nll_self is not None:
                self._score("self", nll_self, p_self, y)
            s.scored += n
        if cog.cortex:
            cortex.update(s.cortex_wins, s.cortex_tries, cells, y)
            if t is not None:  # curiosity bonuses are refreshed lazily (see _weights)
                s.bonus.pop(t.key, None)
            for i in range(n):
                s.replay.append((x[i], kinds[i], y[i], why[i]))
        if cog.synthesis:
            synthesis.record(s.calib, p_brain, y)
            synthesis.update_profile(s.profile, kinds, y)
        if cog.feedback:
            feedback.record(s.errors, s.pre, plan, y, why)
            if cycles % cog.genesis_period == 0:
                s.rules = feedback.lessons(s.pre, cog.lesson_support)
        if cog.free_energy and n:
            s.regime, s.f_fast, s.f_slow = regime_step(s.regime, s.f_fast, s.f_slow, f / n)
        if t is not None:
            t.uses += 1
            t.wins += 1 if reward > 0 else 0
            if cog.hivemind:
                hivemind.deposit(s.trails, t.key, cog.deposit * reward)
                if t.source:
                    rep = s.reputation.get(t.source, 0.5)
                    s.reputation[t.source] = hivemind.update_reputation(
                        rep, 1.0 if reward > 0 else 0.0
                    )
        if t is not None and reward > 0 and t.goal != "benchmark":
            s.achieved.append((t.goal, t.steps))
        if cog.autonomy and cycles % cog.autonomy_period == 0:
            self._plan_autonomously()
        if cog.genesis and cycles % cog.genesis_period == 0:
            draws = [self.uniform() for _ in range(8 * len(genesis.GOALS))]
            s.pool = genesis.evolve(s.pool, draws, cog.pool_size)
            s.bonus.clear()
        s.current = None
        return f, reward > 0

    def _plan_autonomously(self) -> None:
        s, cog = self.s, self.cog
        if len(s.achieved) < autonomy.MIN_EXAMPLES:
            return
        if s.planner is None:
            init = self.planner_rng() if self.planner_rng is not None else self.rng
            s.planner, s.planner_adam = autonomy.new_planner(init, cog.planner_shape)
        autonomy.train(s.planner, s.planner_adam, list(s.achieved), cog.planner_shape)
        goal = "improve" if self.uniform() < 0.5 else "build"
        proposal = autonomy.propose(s.planner, goal, self.rng, cog.planner_shape)
        if (
            proposal is not None
            and genesis.well_formed(proposal.goal, proposal.steps)
            and proposal.key not in {t.key for t in s.pool}
        ):
            s.pool.append(proposal)
            s.proposals += 1

    def _refuse(self, peer_id: str, what: str, reason: str) -> None:
        """Count, remember and log a refused update; it is never merged."""
        self.s.refused += 1
        self.s.refusals.append((peer_id, what, reason))
        log.info("refused %s from %s: %s", what, peer_id, reason)

    def _merge_weights(
        self,
        local: dict[str, np.ndarray],
        key: str,
        offers: list[tuple[str, dict[str, Any]]],
        weights: list[float],
        rate: float,
    ) -> dict[str, np.ndarray]:
        """Merge the peers' ``key`` tensors into ``local`` by the configured rule.

        A peer's tensor that fails validation is refused (with its reason) and left out.
        """
        merged = {}
        for name, mine in local.items():
            ok: list[np.ndarray] = []
            ws: list[float] = []
            for (peer_id, o), w in zip(offers, weights, strict=True):
                tensors = o.get(key)
                if tensors is None:
                    continue
                peer = tensors.get(name) if isinstance(tensors, dict) else None
                reason = federation.validate(mine, peer)
                if reason is None:
                    ok.append(cast(np.ndarray, peer))  # validate() accepts arrays only
                    ws.append(w)
                else:
                    self._refuse(peer_id, f"{key}.{name}", reason)
            merged[name] = federation.RULES[self.cog.merge_rule](mine, ok, ws, rate) if ok else mine
        return merged

    def _score(self, system: str, nll: list[float], p: list[float], y: list[float]) -> None:
        """Add a system's per-step surprises ``nll`` and Brier scores to its running sums.

        The sums are accumulated step by step, in order (the totals depend on it).
        """
        s = self.s
        surprise, brier = s.surprise[system], s.brier[system]
        for li, pi, yi in zip(nll, p, y, strict=True):
            surprise += li
            brier += (pi - yi) ** 2
        s.surprise[system], s.brier[system] = surprise, brier

    def dream(self) -> tuple[np.ndarray, tuple[int, ...], list[float], list[Any]] | None:
        """Experience to replay into the brain now: (rows, kinds, outcomes, errors)."""
        s, cog = self.s, self.cog
        if not cog.cortex or not s.replay or cog.dream_rows == 0:
            return None
        n = len(s.replay)
        picked = [s.replay[int(self.uniform() * n)] for _ in range(min(cog.dream_rows, n))]
        return (
            np.array([p[0] for p in picked]),  # the rows stacked (same-shape float32 rows)
            tuple(p[1] for p in picked),
            [p[2] for p in picked],
            [p[3] for p in picked],
        )

    # -- federation -------------------------------------------------------------------

    def offer(self, brain: dict[str, np.ndarray] | None, fitness: float) -> dict[str, Any]:
        """What this agent publishes to its peers (copies, safe to keep)."""
        s = self.s
        top = sorted(s.pool, key=lambda t: -genesis.fitness(t))[:6]
        return {
            "fitness": fitness,
            "brain": brain,
            "templates": [
                Template(t.goal, t.steps, t.uses, t.wins, t.generation, prior=t.prior) for t in top
            ],
            "trails": dict(s.trails),
            "rules": list(s.rules),
            "cortex": (list(s.cortex_wins), list(s.cortex_tries)),
            "planner": {k: v.copy() for k, v in s.planner.items()} if s.planner else None,
        }

    def absorb(
        self,
        offers: list[tuple[str, dict[str, Any]]],
        brain: dict[str, np.ndarray] | None,
        fitness: float,
    ) -> dict[str, np.ndarray] | None:
        """Merge peers' offers; returns merged brain weights (or ``None`` to keep them)."""
        s, cog = self.s, self.cog
        if not offers:
            return None
        weights = [federation.influence(float(o.get("fitness", 0.3)), fitness) for _, o in offers]
        rate = federation.merge_rate(weights) if cog.federation else 0.0
        merged = None
        if cog.federation and brain is not None:
            merged = self._merge_weights(brain, "brain", offers, weights, rate)
        if cog.federation and cog.autonomy and s.planner is not None:
            s.planner = self._merge_weights(s.planner, "planner", offers, weights, rate)
        for (peer_id, o), w in zip(offers, weights, strict=True):
            if cog.genesis:
                genesis.import_templates(
                    s.pool, list(o.get("templates", []))[:6], peer_id, cog.pool_size
                )
            if cog.hivemind:
                trails = o.get("trails", {})
                if hivemind.valid(trails):
                    rep = s.reputation.setdefault(peer_id, 0.5)
                    hivemind.merge(s.trails, trails, cog.share_rate * rep * 2.0 / len(offers))
                else:
                    self._refuse(peer_id, "trails", "not a map of edges to finite intensities >= 0")
            if cog.feedback:
                rules = o.get("rules", [])
                if feedback.valid(rules):
                    for rule in rules:
                        if tuple(rule) not in s.rules:
                            s.rules.append(tuple(rule))
                else:
                    self._refuse(peer_id, "rules", "not a list of (step kind, step kind) pairs")
            if cog.cortex and cog.federation and "cortex" in o:
                pw, pt = o["cortex"]
                if cortex.valid_pair(pw, pt):
                    share = rate * min(w, 1.0) / len(offers)
                    cortex.merge(s.cortex_wins, s.cortex_tries, pw, pt, share)
                else:
                    self._refuse(
                        peer_id, "cortex", "tables of the wrong size, not finite, or wins > tries"
                    )
        return merged
