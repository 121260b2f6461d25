"""One colony_sim agent on live ports, driven by a real-time clock.

The cognitive cycle is :class:`colony_sim.agent.Agent`, unchanged: :class:`Runtime`
gives it a predictor bank of its own, a :class:`~colony_sim.ports.PortBundle` of live
adapters, and a SimPy process on a :class:`simpy.rt.RealtimeEnvironment` in a thread
(``factor`` wall seconds per simulated second). HTTP handlers read and change the agent
under :attr:`Runtime.lock`, which the cycle holds while it runs one unit.

A runtime starts from an :class:`~colony_sim.export.AgentExport` (a promoted simulated
agent, or the node's own saved state) or from scratch. The in-flight plan and the
time-stamped safety history of the export are cleared (they refer to the simulation's
clock); the mind, the brain weights and the mind stream's position are kept exactly.
"""

from __future__ import annotations

import copy
import logging
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import simpy.rt

from colony_sim.agent import Agent, AgentState
from colony_sim.cognition.mind import MindState
from colony_sim.cognition.predictors import make_predictor
from colony_sim.config import ColonyConfig
from colony_sim.dynamics import measure_fitness
from colony_sim.economy.selection import branch_name
from colony_sim.engine import Tally
from colony_sim.export import AgentExport, save_export, summary
from colony_sim.ports import PortBundle
from colony_sim.safety.commit_gate import GateState

log = logging.getLogger(__name__)

#: Longest real-time sleep between checks of the stop flag (wall seconds).
MAX_NAP_S = 0.25


class Runtime:
    """An agent living on live ports.

    Args:
        config: The agent's configuration (a promoted agent keeps its run's).
        ports: Live adapters; ``ports.clock`` must wrap ``env``.
        env: The real-time environment the agent's process runs on.
        address: The agent's wallet address on ``ports.ledger``.
        agent_id: Its id (a promoted agent keeps its own).
        export: State to start from; ``None`` starts a fresh founder.
        seed: Seed of a fresh founder's mind stream.
        save_to: File the state is saved to every ``save_every`` cycles and on stop.
        save_every: Cycles between saves.
    """

    def __init__(
        self,
        config: ColonyConfig,
        ports: PortBundle,
        env: simpy.rt.RealtimeEnvironment,
        address: str,
        *,
        agent_id: str = "a00000",
        export: AgentExport | None = None,
        seed: int = 0,
        save_to: Path | None = None,
        save_every: int = 10,
    ) -> None:
        cog = config.cognition
        self.config = config
        self.env = env
        self.lock = threading.RLock()
        self.predictor = make_predictor(
            cog.level, 1, cog.hidden, cog.learning_rate, shape=cog.brain_shape
        )
        slot = self.predictor.bank.allocate()
        rng = np.random.default_rng(seed)
        if export is not None:
            self.predictor.bank.restore(slot, export.slot)
            rng.bit_generator.state = copy.deepcopy(export.mind_rng)
            state = _fresh_clock(copy.deepcopy(export.state), env.now)
            state = replace(state, slot=slot, address=address)
        else:
            self.predictor.init_slot(slot, rng)
            state = AgentState(
                agent_id=agent_id, number=0, slot=slot, address=address, born_at=env.now,
                parent=None, generation=0, now=env.now, wake_at=env.now,
                mind=MindState(trails_time=env.now), branch=branch_name(agent_id),
            )
        self.tally = Tally()
        self.agent = Agent(state, ports, self.predictor, rng, config, self.tally)
        self.run_id = export.run_id if export is not None else "live"
        self.save_to = save_to
        self.save_every = max(1, save_every)
        self.errors = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- running ------------------------------------------------------------------

    def _process(self) -> Any:
        agent, s = self.agent, self.agent.state
        last_saved = s.cycles
        while not self._stop.is_set() and s.alive:
            delay = s.wake_at - self.env.now
            if delay > 0:
                yield self.env.timeout(min(delay, MAX_NAP_S / self.env.factor))
                continue
            with self.lock:
                try:
                    alive = agent.advance()
                except Exception:  # noqa: BLE001 - a port failure must not kill the node
                    self.errors += 1
                    log.exception("agent %s: cycle unit failed", s.agent_id)
                    s.plan, s.pos, s.wake_at = (), 0, self.env.now + self.config.cycle_period
                    alive = True
                if not s.plan:
                    self.predictor.flush()
                    s.fitness = measure_fitness([agent], self.config.dynamics)[0]
            if not alive:
                break
            if self.save_to is not None and s.cycles - last_saved >= self.save_every:
                self.save()
                last_saved = s.cycles
            yield self.env.timeout(0)

    def start(self) -> None:
        """Run the agent in a background thread until :meth:`stop`."""
        if self._thread is not None:
            return
        self.env.process(self._process())
        self._thread = threading.Thread(target=self.env.run, name="agent", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current unit of the cycle; save the state."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self.save_to is not None:
            self.save()

    @property
    def running(self) -> bool:
        """Whether the agent's thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    # -- state ----------------------------------------------------------------------

    def export(self) -> AgentExport:
        """The agent's state as an export (what a restart or a clone starts from)."""
        with self.lock:
            self.predictor.flush()
            s = self.agent.state
            return AgentExport(
                run_id=self.run_id,
                config=self.config.model_dump(),
                state=copy.deepcopy(s),
                slot=self.predictor.bank.export(s.slot),
                mind_rng=copy.deepcopy(self.agent.rng.bit_generator.state),
                skills=[],
            )

    def save(self) -> Path | None:
        """Write :meth:`export` to ``save_to``."""
        return save_export(self.export(), self.save_to) if self.save_to is not None else None

    def weights(self) -> dict[str, np.ndarray] | None:
        """Copies of the brain's tensors."""
        with self.lock:
            self.predictor.flush()
            return self.predictor.export_weights(self.agent.state.slot)

    def import_weights(self, tensors: dict[str, np.ndarray]) -> None:
        """Overwrite the brain's tensors (after a validated merge)."""
        with self.lock:
            self.predictor.import_weights(self.agent.state.slot, tensors)

    def status(self) -> dict[str, Any]:
        """Summary of the mind (equal to the export's before any cycle) and of the body."""
        with self.lock:
            self.predictor.flush()
            s = self.agent.state
            slot = self.predictor.bank.export(s.slot)
            weights = {k: np.asarray(v) for k, v in slot.items() if k != "trained"}
            out = summary(s, weights, int(slot.get("trained", 0)))
            out.update(
                run_id=self.run_id,
                alive=s.alive,
                running=self.running,
                steps=s.steps,
                successes=s.successes,
                blocks=dict(s.blocks),
                revenue=s.revenue,
                costs=s.costs,
                requests=s.requests,
                commits=s.own_commits,
                regime=s.mind.regime,
                refused=s.mind.refused,
                quality_steps=s.quality_steps,
                errors=self.errors,
                now=self.env.now,
            )
            return out


def _fresh_clock(state: AgentState, now: float) -> AgentState:
    """Clear what refers to the previous clock: the plan in flight and dated histories."""
    return replace(
        state, now=now, wake_at=now, born_at=now, plan=(), pos=0, x=None, p=None, y=[], why=[],
        changes=[], gate=tuple(GateState()), damage=False, seq=0, alive=True, died_at=None,
        mind=replace(state.mind, trails_time=now, current=None),
    )

