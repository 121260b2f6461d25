"""The benchmark commit gate (seed: ``coding.rs::check_commit_readiness``/``record_commit``).

A two-state machine, as plain data: **READY** and **AWAITING** (a commit was made and
its effect on IQ has not been measured). A commit attempt while AWAITING is refused
until a benchmark newer than the commit has run (which measures the IQ delta) or a
safety valve of ``timeout_s`` (1800 s) has passed. Times in seconds, scores in IQ points.
"""

from __future__ import annotations

import math
from typing import NamedTuple

READY, AWAITING = "ready", "awaiting"


class GateState(NamedTuple):
    """State of the gate.

    Attributes:
        status: :data:`READY` or :data:`AWAITING`.
        commit_at: Time of the last commit (s).
        pre_score: IQ measured before that commit (NaN if never measured).
        bench_at: Time of the last benchmark (s).
        score: Last measured IQ.
        delta: IQ change attributed to the last measured commit (NaN until measured).
    """

    status: str = READY
    commit_at: float = -math.inf
    pre_score: float = math.nan
    bench_at: float = -math.inf
    score: float = math.nan
    delta: float = math.nan


def on_commit(state: GateState, now: float) -> GateState:
    """The gate after a commit at ``now``: AWAITING, remembering the pre-commit score."""
    return state._replace(status=AWAITING, commit_at=now, pre_score=state.score)


def on_benchmark(state: GateState, now: float, score: float) -> GateState:
    """The gate after a benchmark scoring ``score`` at ``now``; measures a pending delta."""
    state = state._replace(bench_at=now, score=score)
    if state.status == AWAITING and now > state.commit_at:
        state = state._replace(status=READY, delta=score - state.pre_score)
    return state


def may_commit(state: GateState, now: float, timeout_s: float = 1_800.0) -> tuple[bool, GateState]:
    """Whether a commit may proceed at ``now``, and the gate's state after the check.

    Clears the gate (READY) when a benchmark after the commit exists or the safety valve
    has expired; otherwise refuses.
    """
    if state.status == READY:
        return True, state
    if state.bench_at > state.commit_at:
        return True, state._replace(status=READY, delta=state.score - state.pre_score)
    if now - state.commit_at > timeout_s:
        return True, state._replace(status=READY)
    return False, state
