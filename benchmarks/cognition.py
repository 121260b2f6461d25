"""Cognition benchmark: the three figures of the cognition issue, from one run.

  (1) batched vs per-agent-loop brain evaluation at 1,000 agents, small brain
      (target >= 5x) — from benchmarks/models.py;
  (2) agent-cycles/s of a 1,000-agent colony with all nine systems on, beside the same
      colony with every system off (the ratio is the price of the mind);
  (3) memory per agent of the seed-size brain (128→1024→1024→23) stacked in a bank,
      over its float32 parameter bytes (target <= 1.5x) — from benchmarks/models.py.
Usage: python benchmarks/cognition.py [--agents 1000] [--hours 1] [--repeat 2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine  # noqa: E402  (sibling benchmark script)
import models  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    batched = models.batched_vs_loop(args.agents, max(5, args.repeat))  # warm caches
    off = engine.best_of(args.repeat, lambda: engine.colony_run(args.agents, args.hours, "minimal"))
    on = engine.best_of(args.repeat, lambda: engine.colony_run(args.agents, args.hours, "default"))
    memory = models.bank_memory(64)

    print(f"cognition benchmark — {args.agents} agents, best of {args.repeat}")
    print(
        f"(1) brain, batched vs per-agent loop: {batched['speedup_api']:.1f}x "
        f"(full training step {batched['speedup_step']:.1f}x)   (target >= 5x)"
    )
    print(
        f"(2) colony, all nine systems: {on['cycles_per_s']:,.0f} agent-cycles/s; "
        f"all off: {off['cycles_per_s']:,.0f}; ratio {on['cycles_per_s'] / off['cycles_per_s']:.2f}"
    )
    print(
        f"(3) seed brain bank, 64 agents: {memory['rest_ratio']:.3f}x parameter bytes at rest, "
        f"{memory['step_peak_ratio']:.3f}x at a training step's peak   (target <= 1.5x)"
    )


if __name__ == "__main__":
    main()
