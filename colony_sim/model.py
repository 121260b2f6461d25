"""The engine every simulation here is built on.

A SimPy environment, one random stream per agent, agents as processes with their own
cadence, and periodic sampling.

A subclass adds agents with :meth:`Model.add_process` (a function that does one unit of
an agent's work and returns when it wants to run next) and reports a row per sampling
period from :meth:`Model.observe`. See ``colony_sim/examples/wealth.py`` for the whole
API in a few lines.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
import simpy

from colony_sim.errors import ColonyError
from colony_sim.recorder import Table

Advance = Callable[[], float | None]
"""One unit of an agent's work; returns its next wake-up time, or ``None`` to stop."""

BRAIN_STREAM = 3
"""Stream key of the founders' common first brain (``cognition.shared_init``); the
engine's other keys are ledger 0, peers 1, agents 2."""

PLANNER_STREAM = 4
"""Stream key of the colony's common first plan transformer (``cognition.shared_init``)."""


GC_GEN0 = 100_000
"""Young-generation threshold of the cyclic garbage collector while a model runs."""

_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[tuple[int, ...], bool] = ((), False)


@contextmanager
def sparse_gc() -> Iterator[None]:
    """Run the cyclic garbage collector less often inside the block.

    A running colony allocates millions of short-lived containers that reference
    counting frees at once; the cyclic collector still walks the young generation every
    700 allocations and, at each full pass, the whole model. Inside this block the
    objects that existed on entry are frozen (never re-scanned) and the young threshold
    is raised to :data:`GC_GEN0`, which makes a 1,000-agent run 7-10 % faster on a
    quiet machine and up to 18 % under load (``benchmarks/RESULTS.md``). Garbage is
    still collected, only in larger batches; nothing a run computes depends on it. The
    previous settings come back on exit, also when blocks nest or run in several threads
    (the outermost one restores), and a freeze the caller made is left alone.
    """
    global _gc_depth, _gc_saved
    with _gc_lock:
        if _gc_depth == 0:
            freeze = gc.isenabled() and gc.get_freeze_count() == 0
            _gc_saved = (gc.get_threshold(), freeze)
            if freeze:
                gc.freeze()
            threshold = _gc_saved[0]
            gc.set_threshold(max(threshold[0], GC_GEN0), *threshold[1:])
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                saved, froze = _gc_saved
                gc.set_threshold(*saved)
                if froze:
                    gc.unfreeze()


def _sim_env(initial_time: float) -> simpy.Environment:
    return simpy.Environment(initial_time=initial_time)


def stream(seed: int, *key: int) -> np.random.Generator:
    """The generator of ``key`` under root ``seed`` (what :meth:`Model.stream` returns)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


class Model:
    """A discrete-event model of many agents.

    Args:
        seed: Root seed; :meth:`stream` derives independent generators from it.
        sample_period: Seconds between rows of :meth:`observe` (the first at time 0).
        spill_dir: If given, rows stream to ``<spill_dir>/model.parquet``-style files.
        initial_time: Start time of the clock (used when resuming a checkpoint).
        make_env: Builds the environment from ``initial_time``; default a
            ``simpy.Environment``. The live half passes one that makes a
            ``simpy.rt.RealtimeEnvironment``: same processes, paced by the wall clock.
    """

    table_name = "model"

    def __init__(
        self,
        *,
        seed: int = 0,
        sample_period: float = 1.0,
        spill_dir: Any = None,
        initial_time: float = 0.0,
        make_env: Callable[[float], simpy.Environment] | None = None,
    ) -> None:
        if sample_period <= 0:
            raise ColonyError("sample_period: must be positive")
        self.seed = seed
        self.sample_period = sample_period
        self.env = (make_env or _sim_env)(initial_time)
        if self.env.now != initial_time:
            raise ColonyError(
                f"make_env: built an environment at time {self.env.now}, not {initial_time}"
            )
        self.samples = 0
        self.resumptions = 0
        self.seq = 0
        self._sample_at = initial_time
        self._sample_seq = 0
        self._sampled = self.env.event()
        self.table = Table(self.table_name, spill_dir)

    # -- randomness -------------------------------------------------------------------

    def stream(self, *key: int) -> np.random.Generator:
        """An independent generator for ``key`` (e.g. an agent's number).

        Streams depend only on ``(seed, key)``, never on how many others exist, so
        adding an agent does not change another agent's draws.
        """
        return stream(self.seed, *key)

    # -- processes --------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Current simulated time (s)."""
        return float(self.env.now)

    def next_seq(self) -> int:
        """A global counter that orders wake-ups scheduled for the same instant."""
        self.seq += 1
        return self.seq

    def add_process(self, advance: Advance, first_wake: float) -> simpy.Process:
        """Start an agent: call ``advance()`` at ``first_wake`` and whenever it asks."""
        return self.env.process(self._loop(advance, first_wake))

    def _loop(self, advance: Advance, wake: float | None) -> Generator[simpy.Event, Any, None]:
        while wake is not None:
            yield self.env.timeout(max(0.0, wake - self.env.now))
            self.resumptions += 1
            wake = advance()

    # -- sampling ---------------------------------------------------------------------

    def observe(self) -> dict[str, Any] | None:
        """Row of model-level metrics at a sampling instant (override; ``None`` = none)."""
        return None

    def start_sampling(self) -> None:
        """Begin calling :meth:`observe` every ``sample_period`` seconds."""
        self._sample_seq = self.next_seq()
        self.env.process(self._sampler())

    def _sampler(self) -> Generator[simpy.Event, Any, None]:
        while True:
            yield self.env.timeout(max(0.0, self._sample_at - self.env.now))
            row = self.observe()
            if row is not None:
                self.table.append({"seed": self.seed, "time": self._sample_at, **row})
            self.samples += 1
            self._sample_at = self.samples * self.sample_period
            self._sample_seq = self.next_seq()
            done, self._sampled = self._sampled, self.env.event()
            done.succeed()

    # -- running ----------------------------------------------------------------------

    def run(
        self,
        until: float,
        *,
        stop: Callable[[Any], bool] | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> Model:
        """Run to time ``until``, or until ``stop(model)`` is true.

        A sample due at ``until`` is taken before returning. ``stop`` and ``progress``
        are checked after every sample. Returns the model, for chaining.
        """
        if until < self.now:
            raise ColonyError(f"until: {until} is before the model's time {self.now}")
        with sparse_gc():
            while True:
                if self._sample_at <= until:
                    self.env.run(until=self._sampled)
                elif self.now < until:
                    self.env.run(until=until)
                else:
                    break
                if progress is not None:
                    progress(self.now)
                if stop is not None and stop(self):
                    break
        return self

    def frame(self) -> pd.DataFrame:
        """Model-level rows so far."""
        return self.table.frame()
