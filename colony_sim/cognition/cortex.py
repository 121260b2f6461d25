"""Cortex: a predictive world model of (action, context) → outcome, with curiosity and dreams.

The model is a table of Beta posteriors: for each step kind and each of four contexts
(whether a read and whether a check came earlier in the plan) it counts successes and
tries. ``p = (wins + 1) / (tries + 2)``; its posterior standard deviation drives a
curiosity bonus for plans whose outcomes are uncertain. An experience buffer keeps the
last executed steps (features and outcome) so the agent can "dream": replay them into
its brain between cycles.

Tables are flat lists of floats of length ``n_kinds · 4``, indexed ``kind · 4 + context``
(plain floats: this runs for every candidate plan of every cycle, and scalar indexing of
numpy arrays would dominate it).
"""

from __future__ import annotations

import math

from colony_sim.cognition.features import N_KINDS

SIZE = N_KINDS * 4


def context_of(read_before: bool, check_before: bool) -> int:
    """Index 0–3 of a step's context."""
    return int(read_before) + 2 * int(check_before)


def new_tables() -> tuple[list[float], list[float]]:
    """Empty (wins, tries) tables."""
    return [0.0] * SIZE, [0.0] * SIZE


def predict(wins: list[float], tries: list[float], cells: list[int]) -> list[float]:
    """Posterior mean success per step; ``cells`` are ``kind · 4 + context``."""
    return [(wins[i] + 1.0) / (tries[i] + 2.0) for i in cells]


def uncertainty(wins: list[float], tries: list[float], cells: list[int]) -> float:
    """Mean posterior standard deviation of the steps' success (curiosity signal)."""
    total = 0.0
    for i in cells:
        a = wins[i] + 1.0
        b = tries[i] - wins[i] + 1.0
        n = a + b
        total += (a * b / (n * n * (n + 1.0))) ** 0.5
    return total / max(len(cells), 1)


def update(wins: list[float], tries: list[float], cells: list[int], y: list[float]) -> None:
    """Add observed outcomes to the tables in place."""
    for i, o in zip(cells, y, strict=False):
        wins[i] += o
        tries[i] += 1.0


def merge(
    wins: list[float],
    tries: list[float],
    peer_wins: list[float],
    peer_tries: list[float],
    rate: float,
) -> None:
    """Blend a peer's evidence in: ``n ← (1 − rate)·n + rate·n_peer`` for both tables.

    A convex blend (not a sum) so evidence echoed back and forth between peers is not
    counted twice. All four tables have ``SIZE`` entries (a peer's are checked by
    :func:`valid` first); ``wins`` and ``tries`` are updated in place.
    """
    wins[:] = [w + rate * (p - w) for w, p in zip(wins, peer_wins, strict=True)]
    tries[:] = [t + rate * (p - t) for t, p in zip(tries, peer_tries, strict=True)]


def valid(table: object) -> bool:
    """Whether a peer's table is a list of ``SIZE`` finite, non-negative floats."""
    if not isinstance(table, list) or len(table) != SIZE:
        return False
    try:
        low, high, total = min(table), max(table), math.fsum(table)
    except TypeError:
        return False
    return isinstance(low, float) and math.isfinite(total) and 0.0 <= low and high < 1e12


def valid_pair(wins: object, tries: object) -> bool:
    """Whether a peer's ``(wins, tries)`` are :func:`valid` and every cell's ``wins < tries + 1``.

    That keeps the Beta posterior's ``b = tries − wins + 1`` positive. A peer's cell with
    ``wins ≥ tries + 1`` gave :func:`uncertainty` a negative variance (a complex square
    root) and crashed the next plan choice. (Own tables keep ``wins ≤ tries``; the slack
    of 1 leaves rounding in merged tables alone.)
    """
    if not (valid(wins) and valid(tries)):
        return False
    assert isinstance(wins, list) and isinstance(tries, list)
    return all(w - t < 1.0 for w, t in zip(wins, tries, strict=True))
