"""Live node figures, each against a baseline measured in the same run.

1. Cartridge call latency p50/p99 (µs) of the ``echo`` and ``counter`` cartridges vs a
   direct Python function doing the same work (:mod:`benchmarks.live_cartridge`).
2. Node cycle rate: cycles per wall second of one agent on a live node (embedded chain,
   git workspace, wasmtime, benchmark; every thought paid on chain) vs the same agent
   config in the simulation (one agent, as fast as the engine goes).
3. Peer sync bytes per round: what one gossip round fetches from one peer serving one
   mind offer (default brain and ``seed_small``), vs the raw float bytes of its tensors.

Usage: python benchmarks/live.py [--calls 2000] [--seconds 20]
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is benchmarks/live.py: as a script its folder comes first on sys.path and would
# shadow the ``live`` package. Drop it (the benchmarks import nothing from their folder).
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE]

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def cartridges(calls: int) -> None:
    subprocess.run([sys.executable, str(HERE / "live_cartridge.py"), "--calls", str(calls)],
                   check=True)


def cycle_rate(seconds: float) -> None:
    from colony_sim.config import make_config
    from colony_sim.engine import Colony
    from live.agent_node import LiveNode

    config = make_config({"agents": 1, "until": 10 * 86400, "seed": 1})
    colony = Colony(config)
    t0 = time.perf_counter()
    colony.run(until=2 * 86400)
    sim_wall = time.perf_counter() - t0
    sim_cycles = sum(a.state.cycles for a in [*colony.agents.values(), *colony.dead])
    with tempfile.TemporaryDirectory() as tmp:
        node = LiveNode(Path(tmp) / "node", config=config, factor=1e-6)
        node.start()
        time.sleep(seconds)
        node.stop()
        live_cycles = node.runtime.agent.state.cycles
        errors = node.runtime.errors
    sim_rate, live_rate = sim_cycles / sim_wall, live_cycles / seconds
    print(f"\nnode cycle rate (one agent): live {live_rate:.1f} cycles/s "
          f"({live_cycles} in {seconds:.0f} s, {errors} errors); sim {sim_rate:,.0f} cycles/s; "
          f"live/sim = {live_rate / sim_rate:.2e}")


def sync_bytes() -> None:
    from colony_sim.cognition.mind import Mind, MindState
    from colony_sim.cognition.predictors import make_predictor
    from colony_sim.config import make_config
    from live.peers_http import HttpPeers
    from live.serving import ThreadServer

    print("\npeer sync bytes per round (one peer, one offer)")
    for shape in ("compact", "seed_small"):
        cog = make_config({"cognition": {"brain_shape": shape}}).cognition
        pred = make_predictor(cog.level, 1, cog.hidden, cog.learning_rate, shape=shape)
        slot = pred.bank.allocate()
        rng = np.random.default_rng(0)
        pred.init_slot(slot, rng)
        mind = Mind(MindState(), cog, rng.random, rng)
        brain = pred.export_weights(slot)
        offer = mind.offer(brain, 0.5)
        raw = sum(np.asarray(v).nbytes for v in (brain or {}).values())
        raw += sum(np.asarray(v).nbytes for v in (offer.get("planner") or {}).values())
        server_side = HttpPeers("a", rng=np.random.default_rng(1))
        server_side.publish("a", "mind", offer)
        from fastapi import FastAPI

        app = FastAPI()
        app.include_router(server_side.router())
        with ThreadServer(app) as server:
            client = HttpPeers("b", [server.url], rng=np.random.default_rng(2))
            got = client.sync_once()
            client.close()
        print(f"  {shape:10} {got:>9,} bytes per round; raw tensor bytes {raw:,} "
              f"(ratio {got / raw:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    cartridges(args.calls)
    cycle_rate(args.seconds)
    sync_bytes()


if __name__ == "__main__":
    main()
