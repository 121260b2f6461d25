"""The safety layers applied to the cycle (the rules themselves are in :mod:`colony_sim.safety`).

Each function takes the :class:`~colony_sim.agent.Agent` whose step is being decided and
returns the layer that refused it (``None`` = go ahead). Refusals are counted per layer
in ``AgentState.blocks`` and in the colony tally; a refused commit or deploy ends the
plan safely (no damage, reward 0), like the brain gate. Every layer honours its switch in
:class:`~colony_sim.config.SafetyConfig`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from colony_sim.cognition import feedback
from colony_sim.economy.selection import branch_name, phase_after_commit
from colony_sim.model import BRAIN_STREAM, stream
from colony_sim.safety import commit_gate, destruction, guard, repair, validation
from colony_sim.safety.approval import ApprovalQueue
from colony_sim.sim.body import KIND, STEP_KINDS

if TYPE_CHECKING:
    from colony_sim.agent import Agent

WORK_PATH = "src/app.py"
"""The file an agent's plans read and edit."""

_PASSIVE = frozenset({KIND["read_file"], KIND["call_peer"]})


@lru_cache(maxsize=4096)
def _validated(
    kinds: tuple[int, ...], awaiting: bool, lessons: tuple[tuple[int, int], ...]
) -> tuple[int, ...] | None:
    """The plan after mechanical fixes, or ``None`` if a hard rule still rejects it."""
    named = tuple((STEP_KINDS[a], STEP_KINDS[b]) for a, b in lessons)
    ctx = validation.Context(awaiting_benchmark=awaiting, lessons=named)

    def steps(ks: tuple[int, ...]) -> list[validation.PlanStep]:
        return [validation.PlanStep(STEP_KINDS[k], WORK_PATH if k in (0, 1) else "") for k in ks]

    plan = steps(kinds)
    found = validation.validate(plan, ctx)
    if validation.rejected(found):
        fix = [(KIND[k], KIND[p]) for k, p in validation.fixes(plan, found)]
        kinds = feedback.repair(kinds, fix)  # the mind's own plan repair
        if validation.rejected(validation.validate(steps(kinds), ctx)):
            return None
    return kinds


def validate_plan(agent: Agent, kinds: tuple[int, ...]) -> tuple[int, ...] | None:
    """Layer 2: the plan repaired to pass every hard rule, or ``None`` (rejected)."""
    if not agent.config.safety.plan_validation:
        return kinds
    s = agent.state
    awaiting = s.gate[0] == commit_gate.AWAITING
    out = _validated(kinds, awaiting, tuple(s.mind.rules))
    if out is None:
        count(agent, "plan_validation")
    elif out != kinds:
        s.repaired += 1
    return out


def self_repair(agent: Agent) -> None:
    """Layer 3: brain divergence, trail convergence and rule poisoning, repaired."""
    s, safety, m = agent.state, agent.config.safety, agent.state.mind
    if agent.predictor.name == "default" and repair.brain_diverged(
        s.brier_ema, s.scored_steps, safety.divergence_brier
    ):
        shared = agent.config.cognition.shared_init  # back to the colony's first brain
        rng = stream(agent.config.seed, BRAIN_STREAM) if shared else agent.rng
        agent.predictor.init_slot(s.slot, rng)
        s.brier_ema = 0.25
        s.repairs += 1
    if m.trails and repair.trails_converged(m.trails, lambda e: set(e[1]) <= _PASSIVE):
        m.trails.clear()
        s.repairs += 1
    if m.rules:
        n = feedback.N_KINDS

        def rate(kind: int, before: int, present: bool) -> tuple[float, float]:
            i = ((kind * n + before) * 2 + int(present)) * 2
            return m.pre[i], m.pre[i + 1]

        bad = repair.poisoned_rules(m.rules, rate, agent.config.cognition.lesson_support)
        if bad:
            m.rules = [r for r in m.rules if r not in bad]
            s.repairs += 1


def commit_refusal(agent: Agent) -> tuple[str | None, float]:
    """Layers 1, 5, 6 and the two gates before a commit: (refusing layer, seconds spent)."""
    s, safety, ws = agent.state, agent.config.safety, agent.ports.workspace
    if safety.commit_gate:
        ok, gate = commit_gate.may_commit(
            commit_gate.GateState(*s.gate), s.now, safety.commit_gate_timeout_s
        )
        s.gate = tuple(gate)
        if not ok:
            return count(agent, "commit_gate"), 0.0
    if safety.branch_isolation and guard.branch_refusal(branch_name(s.agent_id), s.agent_id):
        return count(agent, "branch_isolation"), 0.0  # pragma: no cover - own branch is valid
    pending = ws.pending()
    change = pending.change if pending is not None else None
    spent = 0.0
    if safety.protected_files and change is not None and guard.is_protected(change[0]):
        ws.revert()
        return count(agent, "protected_files"), spent
    if safety.quality_gate and pending is not None and quality_refusal(agent):
        ws.revert()
        return count(agent, "quality_gate"), spent
    if safety.precommit and pending is not None and not pending.checked:
        out = ws.check()  # the mechanical check + test the plan did not run
        spent += out.duration
        if not out.ok:
            ws.revert()
            return count(agent, "precommit"), spent
    if safety.destruction_guard and change is not None:
        proposed = destruction.Change(s.now, *change)
        s.changes = destruction.prune(s.changes, s.now, safety.destruction_window_s)
        if destruction.refusal(
            s.changes,
            proposed,
            window_s=safety.destruction_window_s,
            fraction=safety.destruction_fraction,
            min_lines=safety.destruction_min_lines,
        ):
            ws.revert()
            return count(agent, "destruction_guard"), spent
    return None, spent


def quality_refusal(agent: Agent) -> bool:
    """The code-quality gate (seed: ``tools/git.rs::commit_changes``).

    Scores the pending diff's 32 features with the agent's quality model and refuses when
    :func:`colony_sim.models.quality.blocks_commit` says so (trained ≥ 10 steps, score <
    −0.1, confidence > 0.3). Only a workspace with real diffs (``diff_features()``, the
    live git workspace) is scored; the simulated one has none, so the sim is unchanged.
    """
    from colony_sim.models import quality

    features = getattr(agent.ports.workspace, "diff_features", None)
    if features is None:
        return False
    s = agent.state
    x = np.asarray(features(iq=s.iq, fitness=s.fitness), np.float32)
    if s.quality is None:
        s.quality = quality.init(agent.rng)
    score = float(quality.forward(s.quality, x[None])[0][0])
    s.quality_pending = x
    return quality.blocks_commit(score, s.quality_steps)


def learn_quality(agent: Agent, delta: float) -> None:
    """Train the quality model on the last commit's diff and its measured IQ delta."""
    from colony_sim.models import quality

    s = agent.state
    if s.quality is None or s.quality_last is None or not np.isfinite(delta):
        return
    target = np.array([quality.target_from_delta(delta)])
    _, grads = quality.loss_and_grads(s.quality, s.quality_last[None], target)
    quality.sgd(s.quality, grads)
    s.quality_steps += 1
    s.quality_last = None


def commit_target(agent: Agent) -> str:
    """Layer 6: the branch a commit goes to (own ``vm/{id}`` under isolation)."""
    s = agent.state
    return branch_name(s.agent_id) if agent.config.safety.branch_isolation else s.branch


def after_commit(agent: Agent, target: str, change: tuple[str, int, int, int] | None) -> None:
    """Record a commit: destruction history, gate, branch and lifecycle phase."""
    s, dyn = agent.state, agent.config.dynamics
    if change is not None and agent.config.safety.destruction_guard:
        s.changes.append(destruction.Change(s.now, *change))
    s.gate = tuple(commit_gate.on_commit(commit_gate.GateState(*s.gate), s.now))
    s.quality_last, s.quality_pending = s.quality_pending, None
    own = branch_name(s.agent_id)
    if target == own:
        s.branch = own
        s.own_commits += 1
        s.phase = phase_after_commit(s.phase, s.own_commits, dyn.birth_commits)
    else:
        s.foreign_commits += 1


def after_benchmark(agent: Agent, iq: float) -> None:
    """Feed a benchmark score to the commit gate (measures the last commit's delta)."""
    s = agent.state
    before = commit_gate.GateState(*s.gate)
    after = commit_gate.on_benchmark(before, s.now, iq)
    s.gate = tuple(after)
    if before.status == commit_gate.AWAITING and after.status == commit_gate.READY:
        learn_quality(agent, after.delta)


def deploy_refusal(agent: Agent, slug: str) -> str | None:
    """Layer 7, the human gate: a deploy waits for approval (the sim's reviewer is instant)."""
    if not agent.config.safety.human_gate:
        return None
    s = agent.state
    if s.approvals is None:
        s.approvals = ApprovalQueue(keep=20)
    rid = s.approvals.submit(s.agent_id, "deploy", slug, s.now)
    review = getattr(agent.ports.sandbox, "review", None)
    if review is None:
        return count(agent, "human_gate")  # waits for a human (live)
    approved, reason = review(slug, agent.config.safety.reviewer_accuracy)
    if approved:
        s.approvals.approve(rid, s.now, reason)
        return None
    s.approvals.reject(rid, reason, s.now)
    return count(agent, "human_gate")


def count(agent: Agent, layer: str) -> str:
    """Count a refusal by ``layer`` for the agent and the colony; returns the layer."""
    agent.state.blocks[layer] = agent.state.blocks.get(layer, 0) + 1
    agent.tally.safety[layer] = agent.tally.safety.get(layer, 0) + 1
    return layer
