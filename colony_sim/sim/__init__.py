"""The simulation adapters of every port.

Each adapter satisfies a protocol of :mod:`colony_sim.ports` and passes that port's
contract suite in ``tests/contract``. Stochastic adapters draw from the agent's own
world stream, so one agent's luck never shifts another's.
"""

from colony_sim.sim.bench import SimBench
from colony_sim.sim.body import SimBody
from colony_sim.sim.clock import SimClock
from colony_sim.sim.ledger import SimLedger
from colony_sim.sim.market import SimMarket
from colony_sim.sim.peers import SimPeers
from colony_sim.sim.sandbox import SimSandbox
from colony_sim.sim.workspace import SimWorkspace

__all__ = [
    "SimBench",
    "SimBody",
    "SimClock",
    "SimLedger",
    "SimMarket",
    "SimPeers",
    "SimSandbox",
    "SimWorkspace",
]
