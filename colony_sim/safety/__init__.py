"""Safety layers, enforced mechanically in code the sim and the live agent share.

Pure functions and plain-data state machines only (no SimPy, no sim imports), so
``live/`` can call them as they are:

* :mod:`~colony_sim.safety.guard` — protected files and path normalisation;
* :mod:`~colony_sim.safety.validation` — plan validation rules (hard / soft findings);
* :mod:`~colony_sim.safety.repair` — self-repair checks (brain divergence, trail
  convergence, rule poisoning);
* :mod:`~colony_sim.safety.destruction` — the rolling-window cumulative destruction guard;
* :mod:`~colony_sim.safety.commit_gate` — the benchmark commit gate state machine;
* :mod:`~colony_sim.safety.approval` — the human approval queue.

Brain gating, the pre-commit check and branch isolation are small rules in
:func:`guard.branch_refusal` and :mod:`~colony_sim.safety.validation`, applied by the cycle.
"""
