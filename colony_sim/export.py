"""Export one agent's whole cognitive state, to study it or to promote it to a live node.

An :class:`AgentExport` is plain data: the agent's :class:`~colony_sim.agent.AgentState`
(which holds its :class:`~colony_sim.cognition.mind.MindState`: templates, trails,
lessons, cortex, calibration, planner), its predictor slot (brain weights and training
count), its mind stream's position, the run's configuration and the simulated body's
skills (what the sim knew about it and a live node does not need).

``colony run`` writes the best living agents of a run to ``<run>/agents/{id}.agent``;
``colony promote`` reads one and starts a live node with it. The file is a pickle of
plain data with a version tag, like a checkpoint, read back with
:func:`colony_sim.safe_pickle.load` (only our dataclasses, numpy arrays and builtin
containers are rebuilt; a file naming anything else is refused, never run).
:func:`summary` is what a live node reports in ``/soul/status`` (weights hash, templates,
lessons), so a round trip is checkable from outside.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from colony_sim import safe_pickle
from colony_sim.errors import CheckpointError

if TYPE_CHECKING:
    from colony_sim.agent import Agent, AgentState
    from colony_sim.engine import Colony

EXPORT_VERSION = 1
SUFFIX = ".agent"


@dataclass
class AgentExport:
    """One agent, detached from its colony.

    Attributes:
        run_id: The run it comes from.
        config: The run's :class:`~colony_sim.config.ColonyConfig` as a dict.
        state: Its plain-data state (mind included).
        slot: Its predictor slot: tensor name → array, plus ``"trained"``.
        mind_rng: Its mind stream's bit-generator state.
        skills: The simulated body's latent skills (informational on a live node).
    """

    run_id: str
    config: dict[str, Any]
    state: AgentState
    slot: dict[str, Any]
    mind_rng: Mapping[str, Any]
    skills: list[float]

    @property
    def agent_id(self) -> str:
        """The agent's id in its run."""
        return self.state.agent_id

    def weights(self) -> dict[str, np.ndarray]:
        """The predictor's tensors (without the training counter; 0-d ones as arrays)."""
        return {k: np.asarray(v) for k, v in self.slot.items() if k != "trained"}


def export_agent(colony: Colony, agent_id: str) -> AgentExport:
    """Copy a living agent's state out of ``colony`` (the colony is not changed).

    Raises:
        CheckpointError: if no living agent has that id.
    """
    agent: Agent | None = colony.agents.get(agent_id)
    if agent is None:
        raise CheckpointError(f"agent_id: no living agent {agent_id!r} in run {colony.run_id}")
    colony.predictor.flush()
    body = getattr(agent.ports.workspace, "body", None)
    return AgentExport(
        run_id=colony.run_id,
        config=colony.config.model_dump(),
        state=copy.deepcopy(agent.state),
        slot=colony.predictor.bank.export(agent.state.slot),
        mind_rng=copy.deepcopy(agent.rng.bit_generator.state),
        skills=[float(v) for v in body.skills] if body is not None else [],
    )


def best_agents(colony: Colony, k: int) -> list[str]:
    """Ids of the ``k`` fittest living agents (ties broken by id)."""
    ranked = sorted(colony.agents.values(), key=lambda a: (-a.state.fitness, a.state.agent_id))
    return [a.state.agent_id for a in ranked[:k]]


def save_export(export: AgentExport, path: str | Path) -> Path:
    """Write ``export`` atomically to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return safe_pickle.write(path, {"version": EXPORT_VERSION, "export": export})


def load_export(path: str | Path) -> AgentExport:
    """Read a file written by :func:`save_export`.

    Raises:
        CheckpointError: naming the file and what is wrong with it.
    """
    data = safe_pickle.read(path, "agent file")
    if not isinstance(data, dict) or data.get("version") != EXPORT_VERSION:
        raise CheckpointError(f"agent file: {path} is not a version-{EXPORT_VERSION} export")
    export = data.get("export")
    if not isinstance(export, AgentExport):
        raise CheckpointError(f"agent file: {path} holds no agent")
    return export


def write_best(colony: Colony, directory: str | Path, k: int = 3) -> list[Path]:
    """Export the ``k`` fittest living agents to ``directory/{id}.agent``."""
    return [
        save_export(export_agent(colony, agent_id), Path(directory) / f"{agent_id}{SUFFIX}")
        for agent_id in best_agents(colony, k)
    ]


def best_exported(directory: str | Path) -> Path | None:
    """The fittest agent file in ``directory`` (``None`` if there is none)."""
    best, best_fit = None, -1.0
    for path in sorted(Path(directory).glob(f"*{SUFFIX}")):
        fit = load_export(path).state.fitness
        if fit > best_fit:
            best, best_fit = path, fit
    return best


def weights_hash(tensors: dict[str, np.ndarray] | None) -> str:
    """SHA-256 over tensor names, dtypes, shapes and bytes, in name order (``""`` if none)."""
    if not tensors:
        return ""
    h = hashlib.sha256()
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def summary(
    state: AgentState, weights: dict[str, np.ndarray] | None, trained: int
) -> dict[str, Any]:
    """What ``/soul/status`` shows of a mind: equal before and after a promotion."""
    m = state.mind
    return {
        "agent_id": state.agent_id,
        "generation": state.generation,
        "weights_hash": weights_hash(weights),
        "planner_hash": weights_hash(m.planner),
        "train_steps": int(trained),
        "templates": [
            {"goal": t.goal, "steps": list(t.steps), "uses": t.uses, "wins": t.wins}
            for t in m.pool
        ],
        "lessons": [list(rule) for rule in m.rules],
        "trails": len(m.trails),
        "fitness": float(state.fitness),
        "cycles": state.cycles,
    }


def export_summary(export: AgentExport) -> dict[str, Any]:
    """:func:`summary` of an export."""
    return summary(export.state, export.weights(), int(export.slot.get("trained", 0)))
