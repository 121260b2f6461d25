"""Models benchmark: the batched brain service against a per-agent loop, and bank memory.

Prints and writes to benchmarks/RESULTS_models.md:
  (a) small brain (128→32→32→23), 1,000 agents, one example each: forward + backward
      batched over the stacked bank vs a Python loop over agents (target speed-up >= 5x),
      also with the SGD update;
  (b) seed-size brain (128→1024→1024→23) stacked for 64 agents: bytes per agent at rest
      and at the peak of one chunked training step, over the float32 parameter bytes
      (target <= 1.5x);
  (c) seed-size plan transformer: one full forward + backward + Adam step on 8 x 64.
Usage: python benchmarks/models.py [--agents 1000] [--bank 64] [--repeat 5] [--no-write]
"""

from __future__ import annotations

import argparse
import platform
import time
import tracemalloc
from pathlib import Path

import numpy as np

from colony_sim.models import brain, dense, planner, transformer

ROOT = Path(__file__).resolve().parent


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def targets(rng, agents: int, n: int) -> brain.BrainTargets:
    return brain.BrainTargets(
        rng.integers(0, 2, (agents, n)).astype(np.float32),
        rng.integers(0, brain.N_ERRORS, (agents, n)),
        rng.integers(0, brain.N_CAPABILITIES, (agents, n)),
    )


def batched_vs_loop(agents: int, repeat: int) -> dict:
    rng = np.random.default_rng(0)
    bank = brain.init(rng, brain.BRAIN_SMALL, agents=agents)
    x = rng.random((agents, 1, brain.N_INPUTS), dtype=np.float32)
    t = targets(rng, agents, 1)
    per_agent = [[(w[a], b[a]) for w, b in bank] for a in range(agents)]
    rows = [brain.BrainTargets(*(f[a] for f in t)) for a in range(agents)]

    def batched():
        brain.grads_many(bank, x, t)

    def loop_api():
        for a in range(agents):
            brain.loss_and_grads(per_agent[a], x[a], rows[a])

    ones = np.ones(1, np.float32)

    def loop_raw():  # the same maths without boundary checks: the loop's floor
        for a in range(agents):
            z, cache = dense.forward(per_agent[a], x[a])
            _, d = brain.head_loss(z, rows[a], ones)
            dense.backward(per_agent[a], cache, d)

    lr = 0.003

    def batched_step():
        _, g = brain.grads_many(bank, x, t)
        brain.sgd(bank, g, lr)

    def loop_step():
        for a in range(agents):
            _, g = brain.loss_and_grads(per_agent[a], x[a], rows[a])
            brain.sgd(per_agent[a], g, lr)

    out = {
        "batched": best(repeat, batched),
        "loop_api": best(repeat, loop_api),
        "loop_raw": best(repeat, loop_raw),
        "batched_step": best(repeat, batched_step),
        "loop_step": best(repeat, loop_step),
    }
    out["speedup_api"] = out["loop_api"] / out["batched"]
    out["speedup_raw"] = out["loop_raw"] / out["batched"]
    out["speedup_step"] = out["loop_step"] / out["batched_step"]
    return out


def bank_memory(agents: int, chunk: int = 8) -> dict:
    param_bytes = 4 * dense.param_count(brain.BRAIN_SEED)
    rng = np.random.default_rng(1)
    x = rng.random((agents, 1, brain.N_INPUTS), dtype=np.float32)
    t = targets(rng, agents, 1)
    tracemalloc.start()
    bank = brain.init(rng, brain.BRAIN_SEED, agents=agents)
    at_rest = tracemalloc.get_traced_memory()[0]
    init_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    started = time.perf_counter()
    brain.train_many(bank, x, t, brain.learning_rate(0), chunk=chunk)
    step_seconds = time.perf_counter() - started
    step_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "agents": agents,
        "chunk": chunk,
        "param_bytes": param_bytes,
        "rest_ratio": at_rest / agents / param_bytes,
        "init_peak_ratio": init_peak / agents / param_bytes,
        "step_peak_ratio": step_peak / agents / param_bytes,
        "step_seconds": step_seconds,
    }


def transformer_step(repeat: int) -> dict:
    rng = np.random.default_rng(2)
    params = transformer.init(rng, transformer.TRANSFORMER_SEED)
    adam = planner.adam_init(params)
    tokens = rng.integers(4, 50, (8, 64))
    mask = np.ones_like(tokens, bool)
    seconds = best(repeat, lambda: planner.train_step(params, tokens, mask, 1e-3, adam))
    return {"seconds": seconds, "tokens_per_s": 8 * 63 / seconds}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agents", type=int, default=1000)
    ap.add_argument("--bank", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    a = batched_vs_loop(args.agents, args.repeat)
    m = bank_memory(args.bank)
    tr = transformer_step(max(2, args.repeat // 2))
    lines = [
        "# Models benchmark",
        "",
        f"`python benchmarks/models.py --agents {args.agents} --bank {args.bank} "
        f"--repeat {args.repeat}` on {platform.machine()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}; best of {args.repeat}. The machine is shared (2 cores), so "
        "absolute times are noisy; ratios are measured in the same run.",
        "",
        f"## (a) Brain service: small brain ({'→'.join(map(str, brain.BRAIN_SMALL))}), "
        f"{args.agents:,} agents, one example each",
        "",
        "| path | forward + backward | + SGD update |",
        "|---|---|---|",
        f"| batched over the stacked bank (`grads_many`) | {a['batched'] * 1e3:.2f} ms "
        f"| {a['batched_step'] * 1e3:.2f} ms |",
        f"| per-agent loop, public API (`loss_and_grads`) | {a['loop_api'] * 1e3:.1f} ms "
        f"| {a['loop_step'] * 1e3:.1f} ms |",
        f"| per-agent loop, raw maths (no checks) | {a['loop_raw'] * 1e3:.1f} ms | — |",
        "",
        f"Speed-up of the batched path: **{a['speedup_api']:.1f}×** over the API loop, "
        f"**{a['speedup_raw']:.1f}×** over the raw loop, **{a['speedup_step']:.1f}×** for a "
        "full training step (target ≥ 5×).",
        "",
        f"## (b) Memory: seed-size brain stacked for {m['agents']} agents",
        "",
        f"float32 parameters per agent: {m['param_bytes']:,} bytes. Measured with tracemalloc "
        "(numpy reports its buffers to it).",
        "",
        "| moment | bytes per agent / parameter bytes |",
        "|---|---|",
        f"| bank at rest | {m['rest_ratio']:.3f} |",
        f"| peak while initialising | {m['init_peak_ratio']:.3f} |",
        f"| peak of one training step (`train_many`, chunks of {m['chunk']} agents) "
        f"| {m['step_peak_ratio']:.3f} |",
        "",
        f"Target ≤ 1.5×. The step took {m['step_seconds']:.2f} s for {m['agents']} agents.",
        "",
        "## (c) Seed-size plan transformer (V128 D256 H8 ff512 L4), full training step",
        "",
        f"Forward + backward through every tensor + Adam on a batch of 8 × 64 tokens: "
        f"{tr['seconds'] * 1e3:.0f} ms ({tr['tokens_per_s']:,.0f} target tokens/s).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        (ROOT / "RESULTS_models.md").write_text(text)


if __name__ == "__main__":
    main()
