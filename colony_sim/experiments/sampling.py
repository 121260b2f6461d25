"""Laying out design points: grids, zips, random draws, Latin hypercubes, Saltelli.

Values follow the swept field's type: integer fields get rounded values from ranges,
float fields get floats. Random and LHS draws use one generator derived from the
sweep's root seed (``SeedSequence(root, spawn_key=(1,))``), so a design is the same
wherever and whenever it is expanded.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from colony_sim.errors import ConfigError
from colony_sim.experiments.design import SAMPLE_STREAM, Range, SweepSpec


def design_points(spec: SweepSpec, defaults: dict[str, Any]) -> list[dict[str, Any]]:
    """Every point of the design, in order: ``{dotted name: value}`` per point.

    Args:
        spec: The sweep spec.
        defaults: The base config's value of each swept field (gives its type).

    Raises:
        ConfigError: for ranges and option combinations that make no design.
    """
    design = spec.design
    for name, values in design.parameters.items():
        field = f"design.parameters.{name}"
        if isinstance(values, Range) and values.min > values.max:
            raise ConfigError(field, f"range min ({values.min:g}) > max ({values.max:g})")
        if isinstance(values, Range) and values.log and values.min <= 0:
            raise ConfigError(field, "a log range needs min > 0")
        if isinstance(values, list) and not values:
            raise ConfigError(field, "empty list of values")
    if design.kind in ("grid", "zip"):
        if design.samples is not None:
            raise ConfigError("design.samples", f"only for random or lhs, not {design.kind}")
        lists = {n: _grid_values(n, v, defaults[n]) for n, v in design.parameters.items()}
        combos: Iterable[tuple[Any, ...]]
        if design.kind == "grid":
            combos = itertools.product(*lists.values())
        else:
            lengths = {n: len(v) for n, v in lists.items()}
            if len(set(lengths.values())) > 1:
                raise ConfigError("design.parameters", f"zip needs equal lengths, got {lengths}")
            combos = zip(*lists.values(), strict=True)
        return [dict(zip(lists, combo, strict=True)) for combo in combos]
    if design.samples is None:
        raise ConfigError("design.samples", f"required for {design.kind} designs")
    for name, values in design.parameters.items():
        if isinstance(values, Range) and (values.num is not None or values.step is not None):
            raise ConfigError(f"design.parameters.{name}", "num/step are for grid or zip")
    sample_seq = np.random.SeedSequence(spec.seeds.root, spawn_key=(SAMPLE_STREAM,))
    rng = np.random.Generator(np.random.PCG64(sample_seq))
    n, names = design.samples, list(design.parameters)
    if design.kind == "sobol":
        from colony_sim.experiments.sensitivity import saltelli_unit

        unit = saltelli_unit(n, len(names), int(sample_seq.generate_state(1)[0]))
        n = len(unit)
    elif design.kind == "random":
        unit = rng.random((n, len(names)))
    else:  # Latin hypercube: one draw in each of n strata, strata shuffled per dimension
        strata = np.stack([rng.permutation(n) for _ in names], axis=1)
        unit = (strata + rng.random((n, len(names)))) / n
    return [
        {
            name: _from_unit(design.parameters[name], float(unit[i, j]), defaults[name])
            for j, name in enumerate(names)
        }
        for i in range(n)
    ]


def _grid_values(name: str, values: list[Any] | Range, default: Any) -> list[Any]:
    if isinstance(values, list):
        return [_coerce(v, default, exact=True) for v in values]
    field = f"design.parameters.{name}"
    if (values.num is None) == (values.step is None):
        raise ConfigError(field, "a grid range needs exactly one of num or step")
    raw: np.ndarray
    if values.num is not None:
        space = np.geomspace if values.log else np.linspace
        raw = space(values.min, values.max, values.num)
    elif values.log:
        raise ConfigError(field, "log ranges take num, not step")
    else:  # step is set: exactly one of num and step is (checked above)
        step = values.step or 0.0
        count = math.floor((values.max - values.min) / step + 1e-9) + 1
        raw = values.min + step * np.arange(count)
    out: list[Any] = []
    for v in raw:
        c = _coerce(float(v), default, exact=False)
        if c not in out:
            out.append(c)
    return out


def _from_unit(values: list[Any] | Range, u: float, default: Any) -> Any:
    if isinstance(values, list):
        return _coerce(values[min(int(u * len(values)), len(values) - 1)], default, exact=True)
    if values.log:
        lo, hi = math.log(values.min), math.log(values.max)
        return _coerce(math.exp(lo + u * (hi - lo)), default, exact=False)
    return _coerce(values.min + u * (values.max - values.min), default, exact=False)


def _coerce(value: Any, default: Any, *, exact: bool) -> Any:
    """Match the field's type: ints stay ints (rounded from ranges), ints become floats."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(default, bool) or isinstance(value, bool):
        return value
    if isinstance(default, int) and isinstance(value, float):
        if not exact or value.is_integer():
            return int(round(value))
        return value  # left for validation to refuse, naming the value
    if isinstance(default, float) and isinstance(value, int):
        return float(value)
    if isinstance(value, float) and not exact:
        return float(f"{value:.12g}")  # 0.30000000000000004 -> 0.3
    return value
