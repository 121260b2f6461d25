# ruff: noqa: E501
"""Engine benchmark: framework overhead, cognition cost, memory, and Mesa 3 beside us.

Prints, from one run, every figure as a ratio against a baseline measured in the same run:
  (a) raw SimPy: 1,000 processes doing the same number of resumptions as the colony run
  (b) the colony with minimal cognition (success counts, every other system off)
  (c0) the foundation's mind: MLP brains (batched training) + pheromone trails + F(t)
  (c) the default mind: every cognitive system on
  (d) the Boltzmann wealth model on our engine beside the same model in Mesa 3
  (e) peak RSS of a 10,000-agent colony (in a child process)
Targets: (b)/(a) >= 0.5 in events/s; (c) >= 20,000 agent-cycles/s at 1,000 agents;
(e) <= 2 GB. Usage: python benchmarks/engine.py [--agents 1000] [--hours 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np
import simpy

from colony_sim import Colony, ColonyConfig
from colony_sim.config import SYSTEMS
from colony_sim.examples.wealth import WealthModel


def best_of(repeat: int, fn):
    results = [fn() for _ in range(repeat)]
    return min(results, key=lambda r: r["seconds"])


def raw_simpy(processes: int, resumptions: int, seed: int = 0) -> dict:
    """Processes yielding jittered timeouts, no work: the floor of any SimPy model."""
    per = resumptions // processes
    delays = np.random.default_rng(seed).uniform(0.5, 1.5, (processes, per)).tolist()
    env = simpy.Environment()

    def proc(row):
        for d in row:
            yield env.timeout(d)

    for row in delays:
        env.process(proc(row))
    t = time.perf_counter()
    env.run()
    dt = time.perf_counter() - t
    return {"seconds": dt, "events": per * processes, "events_per_s": per * processes / dt}


def engine_only(processes: int, resumptions: int, seed: int = 0) -> dict:
    """Our Model with no-op agents: the engine's own overhead over raw SimPy."""
    from colony_sim.model import Model

    per = resumptions // processes
    model = Model(seed=seed, sample_period=1e12)
    delays = np.random.default_rng(seed).uniform(0.5, 1.5, (processes, per)).tolist()

    def agent(row):
        it = iter(row)

        def advance():
            d = next(it, None)
            return None if d is None else model.now + d

        return advance

    for row in delays:
        model.add_process(agent(row), first_wake=0.0)
    t = time.perf_counter()
    model.env.run()
    dt = time.perf_counter() - t
    return {"seconds": dt, "events": model.resumptions, "events_per_s": model.resumptions / dt}


MINDS = {
    # success counts, every other system off (what `colony run --cognition minimal` runs)
    "minimal": {"level": "minimal", **dict.fromkeys(SYSTEMS, False)},
    # the foundation's mind: MLP brain + pheromone trails + F(t), the other systems off
    "brain": {**dict.fromkeys(SYSTEMS, False), "hivemind": True, "free_energy": True},
    # every cognitive system on (the default config)
    "default": {},
}


def colony_run(agents: int, hours: float, mind: str) -> dict:
    config = ColonyConfig(
        agents=agents,
        until=hours * 3600,
        seed=1,
        cognition=MINDS[mind],
        max_agents=max(agents, 10_000),
    )
    colony = Colony(config)
    t = time.perf_counter()
    colony.run()
    dt = time.perf_counter() - t
    cycles = int(colony.colony_frame()["cycles"].sum())
    return {
        "seconds": dt,
        "events": colony.resumptions,
        "events_per_s": colony.resumptions / dt,
        "cycles": cycles,
        "cycles_per_s": cycles / dt,
    }


def wealth_ours(agents: int, periods: int) -> dict:
    t = time.perf_counter()
    WealthModel(agents=agents, seed=0).run(until=periods)
    dt = time.perf_counter() - t
    return {"seconds": dt, "agent_steps_per_s": agents * periods / dt}


def wealth_mesa(agents: int, periods: int) -> dict | None:
    try:
        import mesa
    except ImportError:
        return None
    from colony_sim.metrics import gini

    class MoneyAgent(mesa.Agent):
        def __init__(self, model):
            super().__init__(model)
            self.wealth = 1

        def step(self):
            if self.wealth > 0:
                other = self.random.choice(self.model.agent_list)
                other.wealth += 1
                self.wealth -= 1

    class MoneyModel(mesa.Model):
        def __init__(self, n, seed):
            super().__init__(seed=seed)
            MoneyAgent.create_agents(self, n)
            self.agent_list = list(self.agents)
            self.datacollector = mesa.DataCollector(
                model_reporters={"gini": lambda m: gini(np.array([a.wealth for a in m.agent_list]))}
            )

        def step(self):
            self.datacollector.collect(self)
            self.agents.shuffle_do("step")

    t = time.perf_counter()
    model = MoneyModel(agents, 0)
    for _ in range(periods):
        model.step()
    dt = time.perf_counter() - t
    return {"seconds": dt, "agent_steps_per_s": agents * periods / dt, "mesa": mesa.__version__}


def peak_rss_child(agents: int, hours: float) -> float:
    code = (
        "import resource\n"
        "from colony_sim import Colony, ColonyConfig\n"
        f"c = Colony(ColonyConfig(agents={agents}, until={hours * 3600}, seed=1, max_agents={agents}))\n"
        "c.run()\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024  # KiB -> MiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--hours", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args()

    b = best_of(args.repeat, lambda: colony_run(args.agents, args.hours, "minimal"))
    c0 = best_of(args.repeat, lambda: colony_run(args.agents, args.hours, "brain"))
    c = best_of(args.repeat, lambda: colony_run(args.agents, args.hours, "default"))
    a = best_of(args.repeat, lambda: raw_simpy(args.agents, b["events"]))
    e = best_of(args.repeat, lambda: engine_only(args.agents, b["events"]))
    ours = best_of(args.repeat, lambda: wealth_ours(1000, 100))
    mesa = best_of(args.repeat, lambda: wealth_mesa(1000, 100) or {"seconds": float("inf")})
    rss = peak_rss_child(10_000, 0.25)
    report = {
        "a_raw_simpy": a,
        "b_colony_minimal": b,
        "c0_colony_brain": c0,
        "c_colony_default": c,
        "engine_only": e,
        "ratio_engine_over_a": e["events_per_s"] / a["events_per_s"],
        "ratio_b_over_a": b["events_per_s"] / a["events_per_s"],
        "ratio_c_over_a": c["events_per_s"] / a["events_per_s"],
        "ratio_c_over_b_cycles": c["cycles_per_s"] / b["cycles_per_s"],
        "d_wealth_ours": ours,
        "d_wealth_mesa": mesa,
        "ratio_ours_over_mesa": ours["agent_steps_per_s"]
        / mesa.get("agent_steps_per_s", float("nan")),
        "e_peak_rss_mib_10k_agents": rss,
        "this_process_peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"engine benchmark — {args.agents} agents, {args.hours} h simulated, best of {args.repeat}"
    )
    print(
        f"(a) raw SimPy          {a['events']:>9,} resumptions  {a['events_per_s']:>11,.0f} events/s"
    )
    for key, label in (("b", "minimal"), ("c0", "brain"), ("c", "default")):
        r = report[f"{key}_colony_{label}"]
        print(
            f"({key:<2}) colony, {label:<8} {r['events']:>9,} resumptions"
            f"  {r['events_per_s']:>11,.0f} events/s"
            f"  {r['cycles_per_s']:>9,.0f} agent-cycles/s"
        )
    print(
        f"    engine alone (no-op agents on Model): {e['events_per_s']:,.0f} events/s,"
        f" ratio to (a) = {report['ratio_engine_over_a']:.3f}"
    )
    print(
        f"    (b)/(a) framework overhead ratio = {report['ratio_b_over_a']:.3f}   (target >= 0.5)"
    )
    print(
        f"    (c)/(a) = {report['ratio_c_over_a']:.3f};"
        f"  (c)/(b) agent-cycles = {report['ratio_c_over_b_cycles']:.3f}"
    )
    print(f"    (c0) brain + trails + F: {c0['cycles_per_s']:,.0f} agent-cycles/s;"
          f" (c) all nine systems: {c['cycles_per_s']:,.0f}   (target >= 20,000 at 1,000 agents)")
    if "agent_steps_per_s" in mesa:
        print(
            f"(d) wealth model, 1,000 agents x 100 periods: ours {ours['agent_steps_per_s']:,.0f} "
            f"agent-steps/s, Mesa {mesa['mesa']} {mesa['agent_steps_per_s']:,.0f}; "
            f"ours/Mesa = {report['ratio_ours_over_mesa']:.2f}"
        )
    else:
        print("(d) Mesa not installed (pip install colony-lab[bench])")
    print(
        f"(e) peak RSS, 10,000 agents (default cognition): {rss:,.0f} MiB   (target <= 2,048 MiB)"
    )


if __name__ == "__main__":
    main()
