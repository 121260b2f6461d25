"""Genesis: plans as sequences of step tokens, evolved in a gene pool.

A template is a goal plus a tuple of step kinds. Each agent keeps a pool of templates
per goal with their track record; a plan is drawn by fitness-proportional selection,
and every ``genesis_period`` cycles the pool evolves: crossover of two fit parents,
mutation (swap, insert, delete a step), and culling of the weakest beyond the pool size.
Templates spread between agents through federation (:func:`import_templates`).

Fitness (dimensionless, in (0, 1]) follows the seed's shape: a success estimate times a
penalty ×0.1 when a template was used more than 5 times with success < 0.3. The success
estimate starts at the template's ``prior`` and moves to its record as uses accumulate:
``(wins + 2·prior) / (uses + 2)``. Priors follow the seed: 0.5 for seeds, the parents'
mean for a crossover child, 0.8 × the parent's for a mutant, the peer's fitness × 0.5
for an import — so an untested child cannot displace a proven template.
"""

from __future__ import annotations

from dataclasses import dataclass

from colony_sim.floats import left_sum
from colony_sim.sim.body import KIND

GOALS = ("improve", "build", "benchmark")
"""What an agent can set out to do."""

ALPHABET: dict[str, tuple[int, ...]] = {
    "improve": (KIND["read_file"], KIND["edit_code"], KIND["check"], KIND["commit"]),
    "build": (KIND["create_cartridge"], KIND["test_cartridge"], KIND["deploy"], KIND["read_file"]),
    "benchmark": (KIND["benchmark"],),
}
"""Step kinds a mutation may insert, per goal."""

SEED_TEMPLATES: dict[str, tuple[tuple[int, ...], ...]] = {
    "improve": (
        (KIND["edit_code"], KIND["commit"]),
        (KIND["read_file"], KIND["edit_code"], KIND["check"], KIND["commit"]),
    ),
    "build": (
        (KIND["create_cartridge"], KIND["deploy"]),
        (KIND["create_cartridge"], KIND["test_cartridge"], KIND["deploy"]),
    ),
    "benchmark": ((KIND["benchmark"],),),
}
"""Every agent starts with these; careful variants cost a step more and avoid damage."""

MAX_STEPS = 8

ACHIEVES = {"improve": KIND["commit"], "build": KIND["deploy"], "benchmark": KIND["benchmark"]}
"""The step whose success means a plan reached its goal."""
STEP_PENALTY = 0.05


def reward(goal: str, plan: tuple[int, ...], y: list[float], damage: bool) -> float:
    """Value of an executed plan.

    +1 if its goal's step succeeded, −1 if a risky step failed (damage), minus 0.05 per
    executed step (compute is not free).
    """
    target = ACHIEVES[goal]
    achieved = False
    for k, o in zip(plan, y, strict=False):
        if k == target and o > 0:
            achieved = True
            break
    return (1.0 if achieved else 0.0) - (1.0 if damage else 0.0) - STEP_PENALTY * len(y)


@dataclass(slots=True)
class Template:
    """A plan template and its track record.

    Attributes:
        goal: One of :data:`GOALS`.
        steps: Step kinds in order.
        uses: Times it was executed.
        wins: Times it completed without failure.
        generation: 0 for seeds; parents' max + 1 for offspring.
        source: Agent id it came from ("" = own, "autonomy" = the plan transformer).
        prior: Expected success before any use.
    """

    goal: str
    steps: tuple[int, ...]
    uses: int = 0
    wins: int = 0
    generation: int = 0
    source: str = ""
    prior: float = 0.5

    @property
    def key(self) -> tuple[str, tuple[int, ...]]:
        """Identity of a template: its goal and steps."""
        return (self.goal, self.steps)


def fitness(t: Template) -> float:
    """Seed-style fitness of a template (see module docstring)."""
    success = (t.wins + 2.0 * t.prior) / (t.uses + 2.0)
    return success * 0.1 if t.uses > 5 and success < 0.3 else success


def well_formed(goal: str, steps: tuple[int, ...]) -> bool:
    """Whether ``steps`` is a plausible plan for ``goal`` (its alphabet, bounded length)."""
    alphabet = ALPHABET.get(goal)
    if alphabet is None:
        return False
    return 0 < len(steps) <= MAX_STEPS and all(k in alphabet for k in steps)


def seed_pool() -> list[Template]:
    """A fresh agent's pool: the seed templates of every goal."""
    return [Template(goal, steps) for goal, seeds in SEED_TEMPLATES.items() for steps in seeds]


def crossover(a: Template, b: Template) -> Template:
    """Child of two same-goal parents: the head of ``a`` and the tail of ``b``."""
    steps = (a.steps[: len(a.steps) // 2] + b.steps[len(b.steps) // 2 :])[:MAX_STEPS]
    prior = (fitness(a) + fitness(b)) / 2.0
    return Template(a.goal, steps, generation=max(a.generation, b.generation) + 1, prior=prior)


def mutate(t: Template, u1: float, u2: float, u3: float) -> Template:
    """A mutant of ``t``: swap two steps, insert one from the goal's alphabet, or delete one.

    ``u1``..``u3`` are uniform draws choosing the operation and positions.
    """
    steps = list(t.steps)
    n = len(steps)
    op = int(u1 * 3)
    if op == 0 and n >= 2:
        i, j = int(u2 * n), int(u3 * n)
        steps[i], steps[j] = steps[j], steps[i]
    elif op == 1 and n < MAX_STEPS:
        alphabet = ALPHABET[t.goal]
        steps.insert(int(u2 * (n + 1)), alphabet[int(u3 * len(alphabet))])
    elif n > 1:
        del steps[int(u2 * n)]
    return Template(t.goal, tuple(steps), generation=t.generation + 1, prior=0.8 * fitness(t))


def choose(candidates: list[Template], weights: list[float], u: float) -> Template:
    """Fitness-proportional choice among ``candidates`` with the given weights."""
    total = left_sum(weights)
    target = u * total
    acc = 0.0
    for t, w in zip(candidates, weights, strict=True):
        acc += w
        if target < acc:
            return t
    return candidates[-1]


def evolve(pool: list[Template], draws: list[float], pool_size: int) -> list[Template]:
    """One generation: per goal, a crossover and a mutation of fit parents; cull to size.

    Args:
        pool: Current templates (not modified).
        draws: At least ``8 · len(GOALS)`` uniform numbers.
        pool_size: Most templates kept per goal (the fittest, seeds never all lost).

    Returns:
        The new pool.
    """
    out: list[Template] = []
    it = iter(draws)
    for goal in GOALS:
        mine = [t for t in pool if t.goal == goal]
        weights = [fitness(t) for t in mine]
        children: list[Template] = []
        if len(mine) >= 2 and len(ALPHABET[goal]) > 1:
            a, b = choose(mine, weights, next(it)), choose(mine, weights, next(it))
            children.append(crossover(a, b))
            parent = choose(mine, weights, next(it))
            children.append(mutate(parent, next(it), next(it), next(it)))
        keys = {t.key for t in mine}
        for child in children:
            if well_formed(child.goal, child.steps) and child.key not in keys:
                mine.append(child)
                keys.add(child.key)
        mine.sort(key=lambda t: (-fitness(t), t.steps))
        out.extend(mine[:pool_size])
    return out


def import_templates(
    pool: list[Template], offered: list[Template], source: str, pool_size: int
) -> int:
    """Adopt peers' templates this agent lacks, with a fresh record; returns how many.

    An import's prior is half the peer's fitness for it (the seed's discount).
    """
    keys = {t.key for t in pool}
    added = 0
    for t in offered:
        if not isinstance(t, Template) or t.key in keys or not well_formed(t.goal, t.steps):
            continue
        if sum(1 for x in pool if x.goal == t.goal) >= pool_size:
            continue
        prior = min(1.0, max(0.0, 0.5 * fitness(t)))
        pool.append(Template(t.goal, t.steps, generation=t.generation, source=source, prior=prior))
        keys.add(t.key)
        added += 1
    return added
