"""Plan validation: rules every plan must pass before it runs (seed: ``validation.rs``).

A plan is a sequence of :class:`PlanStep` (a step kind by name, and the path or slug it
targets). :func:`validate` returns :class:`Finding` values; a **hard** finding rejects the
plan, a **soft** one is a warning. A finding may carry a ``fix`` — a step kind to insert
before the offending step — which the agent applies mechanically (with the same
plan-repair function the mind uses for learnt lessons) before validating again.

The rules (the seed numbers them 0–10 with 4 used twice; we add brain gating):

==  ========================  =====  ===================================================
#   rule                      kind   plan is flagged when
==  ========================  =====  ===================================================
0   coding-disabled           hard   it edits or commits while coding is disabled
1   read-before-write         hard   an edit is not preceded by a read of the same path
                                     (fix: insert the read)
2   commit-gate               soft   it commits while the last commit awaits its benchmark
3   check-before-commit       soft   a commit is not preceded by a check (fix: insert it)
4   investigate-first         soft   its first step neither reads, checks nor asks a peer
4b  no-retry-same-approach    soft   a recent failed plan had the same step kinds (Jaccard
                                     of kinds > 0.6 and > 2 kinds shared)
5   protected-file            hard   a step targets a protected path (:mod:`.guard`)
6   durable-rule              soft   it breaks a learnt lesson "before K do P" (fix: P)
7   low-capability            soft   it uses a step kind with ≥ 10 tries and < 20 % success
8a  non-empty                 hard   it has no steps
8b  has-action                soft   it only reads or thinks
8c  not-just-reads            soft   it is longer than 3 steps and only reads; **hard**
                                     after 5 trivial completions
9   failure-chain-saturated   soft   ≥ 5 unresolved failure chains are open
10  slug-sanitization         hard   a cartridge slug is not ``[A-Za-z0-9_-]+``
11  brain-gating              soft   the brain predicts a risky step below the gate
                                     threshold (the gate itself blocks it at step time)
==  ========================  =====  ===================================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from colony_sim.safety.guard import is_protected

READS = frozenset({"read_file", "think", "search", "list_dir"})
INVESTIGATE = frozenset({"read_file", "search", "list_dir", "check", "call_peer", "think"})
WRITES = frozenset({"edit_code", "generate_code"})
CODING = WRITES | {"commit"}
RISKY = frozenset({"commit", "deploy"})
_SLUG = re.compile(r"^[A-Za-z0-9_-]+$")

RULES = (
    "coding-disabled",
    "read-before-write",
    "commit-gate",
    "check-before-commit",
    "investigate-first",
    "no-retry-same-approach",
    "protected-file",
    "durable-rule",
    "low-capability",
    "non-empty",
    "has-action",
    "not-just-reads",
    "failure-chain-saturated",
    "slug-sanitization",
    "brain-gating",
)
"""Every rule :func:`validate` applies."""


class PlanStep(NamedTuple):
    """One step of a plan: its kind, and the path or cartridge slug it targets."""

    kind: str
    path: str = ""
    slug: str = ""


class Finding(NamedTuple):
    """A rule a plan breaks.

    Attributes:
        rule: One of :data:`RULES`.
        hard: Whether the plan must be rejected.
        step: Index of the offending step (−1 for the whole plan).
        message: What is wrong.
        fix: Step kind to insert before ``step`` that would resolve it, if any.
    """

    rule: str
    hard: bool
    step: int  # not ``index``: that would shadow ``tuple.index``
    message: str
    fix: str | None = None


@dataclass(frozen=True)
class Context:
    """What the validator knows besides the plan.

    Attributes:
        coding_enabled: Whether the agent may change code at all.
        awaiting_benchmark: The commit gate is AWAITING.
        lessons: Learnt rules ``(kind, required predecessor)``.
        capability: Per step kind, ``(tries, successes)``.
        recent_failures: Step-kind sets of recently failed plans.
        failure_chains: Unresolved failure chains.
        trivial_completions: Plans that completed without doing anything.
        predicted: Predicted success of each step (empty when unknown).
        gate_threshold: Brain-gate threshold on ``predicted``.
    """

    coding_enabled: bool = True
    awaiting_benchmark: bool = False
    lessons: tuple[tuple[str, str], ...] = ()
    capability: dict[str, tuple[int, int]] = field(default_factory=dict)
    recent_failures: tuple[frozenset[str], ...] = ()
    failure_chains: int = 0
    trivial_completions: int = 0
    predicted: tuple[float, ...] = ()
    gate_threshold: float = 0.1


def validate(plan: Sequence[PlanStep], ctx: Context) -> list[Finding]:
    """Every finding of every rule on ``plan`` (empty list = a clean plan)."""
    out: list[Finding] = []
    if not plan:
        return [Finding("non-empty", True, -1, "the plan has no steps")]
    kinds = [s.kind for s in plan]
    read_paths: set[str] = set()
    checked = False
    for i, s in enumerate(plan):
        if s.kind in CODING and not ctx.coding_enabled:
            out.append(Finding("coding-disabled", True, i, f"{s.kind} while coding is off"))
        if s.kind in WRITES:
            if s.path not in read_paths:
                out.append(
                    Finding("read-before-write", True, i, f"{s.path} edited unread", "read_file")
                )
        if s.kind == "commit":
            if ctx.awaiting_benchmark:
                out.append(Finding("commit-gate", False, i, "last commit not yet benchmarked"))
            if not checked:
                out.append(Finding("check-before-commit", False, i, "commit unchecked", "check"))
        if s.path and (s.kind in WRITES or s.kind == "commit") and is_protected(s.path):
            out.append(Finding("protected-file", True, i, f"{s.path} is protected"))
        if s.slug and not _SLUG.match(s.slug):
            out.append(Finding("slug-sanitization", True, i, f"bad slug {s.slug!r}"))
        if s.kind == "read_file":
            read_paths.add(s.path)
        checked = checked or s.kind == "check"
        if s.kind in RISKY and i < len(ctx.predicted) and ctx.predicted[i] < ctx.gate_threshold:
            out.append(Finding("brain-gating", False, i, f"{s.kind} predicted to fail"))
    if kinds[0] not in INVESTIGATE:
        out.append(Finding("investigate-first", False, 0, f"starts with {kinds[0]}"))
    out.extend(_lessons(kinds, ctx.lessons))
    for k in dict.fromkeys(kinds):
        tries, wins = ctx.capability.get(k, (0, 0))
        if tries >= 10 and wins < 0.2 * tries:
            out.append(Finding("low-capability", False, kinds.index(k), f"{k}: {wins}/{tries}"))
    mine = frozenset(kinds)
    for failed in ctx.recent_failures:
        shared = len(mine & failed)
        if shared > 2 and shared / len(mine | failed) > 0.6:
            out.append(Finding("no-retry-same-approach", False, -1, "repeats a failed plan"))
            break
    if all(k in READS for k in kinds):
        out.append(Finding("has-action", False, -1, "only reads or thinks"))
        if len(kinds) > 3:
            hard = ctx.trivial_completions >= 5
            out.append(Finding("not-just-reads", hard, -1, "a long plan of reads"))
    if ctx.failure_chains >= 5:
        out.append(Finding("failure-chain-saturated", False, -1, f"{ctx.failure_chains} open"))
    return out


def _lessons(kinds: list[str], lessons: Sequence[tuple[str, str]]) -> list[Finding]:
    out = []
    for kind, before in lessons:
        if kind in kinds:
            i = kinds.index(kind)
            if before not in kinds[:i]:
                out.append(Finding("durable-rule", False, i, f"before {kind} do {before}", before))
    return out


def rejected(findings: Sequence[Finding]) -> bool:
    """Whether any finding is hard."""
    return any(f.hard for f in findings)


def fixes(
    plan: Sequence[PlanStep], findings: Sequence[Finding], *, hard_only: bool = True
) -> list[tuple[str, str]]:
    """Fixes as lessons ``(offending kind, kind to insert before it)``; hard ones by default.

    Feed them, with the plan's kinds, to the mind's plan repair
    (:func:`colony_sim.cognition.feedback.repair`). Learnt lessons are left to the mind.
    """
    return [
        (plan[f.step].kind, f.fix)
        for f in findings
        if f.fix is not None and (f.hard or not hard_only) and f.rule != "durable-rule"
    ]
