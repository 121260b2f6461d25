"""The Bench port on the real benchmark: sampled problems, sandboxed runs, an IQ.

A live agent has no LLM by default, so its coder is ``empty`` (IQ 85 by construction:
the floor of the scale) unless the node is started with another coder spec — ``llm``
for an OpenAI-compatible endpoint, ``dir:PATH`` for solutions on disk, or the
validation coders ``reference`` / ``mutant`` (see ``colony bench --help``). The sample
is tier-weighted and drawn from the agent's own stream, as the simulated bench does.
"""

from __future__ import annotations

import threading

import numpy as np

from colony_sim.benchmark import load_problems
from colony_sim.benchmark.cli import make_coder
from colony_sim.benchmark.session import BenchRun, run_bench
from colony_sim.ports import Outcome


class BenchmarkBench:
    """Bench port running real problems through the sandboxed runner.

    Args:
        coder: Coder spec (``empty``, ``reference``, ``mutant``, ``dir:PATH``, ``llm``).
        rng: Stream the problem samples are seeded from.
        jobs: Attempts run in parallel.
    """

    def __init__(self, coder: str = "empty", *, rng: np.random.Generator, jobs: int = 1) -> None:
        self.problems = load_problems()
        self.coder = make_coder(coder, self.problems)
        self.rng = rng
        self.jobs = jobs
        self.last: BenchRun | None = None
        self._lock = threading.Lock()  # the agent's cycle and /soul/benchmark may both run it

    def run(self, n_problems: int) -> Outcome:
        """Attempt ``n_problems`` sampled problems; ``Outcome.value`` is the IQ estimate."""
        if n_problems <= 0:
            raise ValueError("n_problems: must be positive")
        with self._lock:
            seed = int(self.rng.integers(2**31))
            self.last = last = run_bench(self.coder, self.problems, sample=n_problems, seed=seed,
                                         jobs=self.jobs)
        return Outcome(True, None, float(last.seconds), float(last.estimate.iq))
