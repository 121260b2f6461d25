"""Sweep designs: which configs to run, as data, validated before anything runs.

A design is a mapping (from YAML, TOML, JSON or Python) such as::

    name: price-x-sharing
    base: {agents: 10, until: 3600}          # fields every run shares
    design:
      kind: grid                              # grid | zip | random | lhs
      parameters:
        economy.price: [500, 1000, 2000]      # a list of values ...
        cognition.share_period: {min: 0, max: 10, num: 3}   # ... or a range
    seeds: {root: 2026, replicates: 3}

* ``grid`` takes the cartesian product of the parameters' values, ``zip`` pairs them
  up position by position (all lists of one length), ``random`` draws ``samples``
  points uniformly and ``lhs`` draws a Latin hypercube of ``samples`` points; ``sobol``
  lays out the ``samples * (parameters + 2)`` points of a Saltelli design for Sobol
  indices (needs the optional SALib; see :mod:`colony_sim.experiments.sensitivity`).
  A point a sampled design draws twice is run once.
* A range is ``{min, max}`` with ``num`` (evenly spaced, ends included) or ``step``
  for grids, and optionally ``log: true`` (geometric spacing / log-uniform draws).
  Values of integer fields are rounded.
* Any :class:`~colony_sim.config.ColonyConfig` field can be swept by its dotted name,
  initial state included (``agents``, ``economy.initial_balance``, ``skill_mean``...);
  ``seed`` cannot: every point runs once per replicate seed, and replicate ``r`` gets
  the seed ``SeedSequence(root, spawn_key=(0, r))`` (the same for every point, so
  points are compared on common random numbers, and adding replicates keeps the
  existing ones). Random and LHS draws use ``SeedSequence(root, spawn_key=(1,))``.
* ``runner`` names the function that executes one config (``module:function``,
  default :func:`colony_sim.experiments.runners.run_colony`); it is also the test
  hook for failures (see ``tests/unit/experiments/runners.py``).

Every error is a :class:`~colony_sim.errors.ConfigError` naming the field at fault.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from colony_sim.config import (
    PATH_FIELDS,
    ColonyConfig,
    anchor_paths,
    anchored,
    make_config,
    read_document,
)
from colony_sim.engine import run_id_for
from colony_sim.errors import ConfigError

SEED_STREAM, SAMPLE_STREAM = 0, 1
DEFAULT_RUNNER = "colony_sim.experiments.runners:run_colony"
RESERVED_COLUMNS = frozenset({"run_id", "seed", "time", "point", "replicate"})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Range(_Frozen):
    """A numeric interval; ``num`` or ``step`` make it a list for grids."""

    min: float
    max: float
    num: int | None = Field(None, ge=1)
    step: float | None = Field(None, gt=0)
    log: bool = False


class DesignSpec(_Frozen):
    """How points are laid out over the parameters."""

    kind: Literal["grid", "zip", "random", "lhs", "sobol"] = "grid"
    parameters: dict[str, list[Any] | Range]
    samples: int | None = Field(
        None, ge=1, description="Points drawn by random / lhs; base samples N for sobol."
    )


class SeedSpec(_Frozen):
    """Replicate seeds, all derived from one root seed."""

    root: int = Field(0, ge=0)
    replicates: int = Field(1, ge=1, le=100_000)


class SweepSpec(_Frozen):
    """A whole sweep as plain data (see the module docstring for the format)."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    base: dict[str, Any] = Field(default_factory=dict)
    design: DesignSpec
    seeds: SeedSpec = SeedSpec()
    runner: str = DEFAULT_RUNNER
    record_agents: bool = False

    @field_validator("runner")
    @classmethod
    def _runner_path(cls, value: str) -> str:
        if value.count(":") != 1 or not all(value.split(":")):
            raise ValueError("must be 'module:function'")
        return value


@dataclass(frozen=True)
class RunSpec:
    """One run of a sweep: a point of the design at one replicate seed.

    Attributes:
        run_id: Content address of the run (``run_id_for(config)``); the partition key.
        point: Index of the design point.
        replicate: Index of the replicate seed.
        seed: The run's seed (also in ``config.seed``).
        params: ``(column, value)`` pairs of the swept parameters at this point.
        config: The full validated config of the run.
    """

    run_id: str
    point: int
    replicate: int
    seed: int
    params: tuple[tuple[str, Any], ...]
    config: ColonyConfig

    def labels(self) -> dict[str, Any]:
        """Columns added to every row of the run: parameters, point and replicate."""
        return {**dict(self.params), "point": self.point, "replicate": self.replicate}


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: its spec and every run it consists of.

    Attributes:
        spec: The sweep as data.
        runs: Every run, point by point, replicate by replicate; identical runs (a point a
            sampled design drew twice) appear once.
        columns: Column name of each parameter (``economy.price`` -> ``economy_price``).
        point_of: For each design point, the index of the first equal point (the one
            whose runs hold its results); Sobol analysis needs every point in order.
    """

    spec: SweepSpec
    runs: tuple[RunSpec, ...]
    columns: dict[str, str]
    point_of: tuple[int, ...]

    @property
    def name(self) -> str:
        """The sweep's name (its directory under ``--out``)."""
        return self.spec.name

    @property
    def points(self) -> int:
        """Number of design points (a sampled design may draw one point twice)."""
        return len(self.point_of)

    def spec_hash(self) -> str:
        """A hash of the normalized spec: a resumed sweep must have the same one."""
        return hashlib.sha256(self.spec_json().encode()).hexdigest()[:16]

    def spec_json(self) -> str:
        """The spec as canonical JSON."""
        return json.dumps(self.spec.model_dump(mode="json"))  # parameter order matters


def replicate_seeds(root: int, replicates: int) -> list[int]:
    """Seeds of replicates ``0..replicates-1``; each depends only on ``(root, r)``."""
    return [
        int(np.random.SeedSequence(root, spawn_key=(SEED_STREAM, r)).generate_state(1)[0])
        for r in range(replicates)
    ]


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file (``.yaml``/``.yml``, ``.toml`` or ``.json``).

    Raises:
        ConfigError: if the file cannot be read or parsed, or anything in it is invalid.
    """
    path = Path(path)
    return make_sweep(_anchor_files(read_document(path, "SWEEP"), path.parent))


def _anchor_files(data: Any, folder: Path) -> Any:
    """A sweep file's relative item-file paths (its base's and swept ones) read from ``folder``."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    if isinstance(data.get("base"), dict):
        data["base"] = anchor_paths(data["base"], folder)
    design = data.get("design")
    if isinstance(design, dict) and isinstance(design.get("parameters"), dict):
        params = dict(design["parameters"])
        for name in PATH_FIELDS:
            if isinstance(params.get(name), list):
                params[name] = [anchored(v, folder) for v in params[name]]
        data["design"] = {**design, "parameters": params}
    return data


def make_sweep(data: Any) -> Sweep:
    """Validate plain data (or a :class:`SweepSpec`) into a :class:`Sweep`.

    Every run's config is built and validated here, so a bad point fails before any
    run starts.

    Raises:
        ConfigError: naming the first offending field and the reason.
    """
    spec = data if isinstance(data, SweepSpec) else _parse_spec(data)
    try:
        base = make_config(spec.base)
    except ConfigError as exc:
        raise ConfigError(f"base.{exc.field}", exc.reason) from None
    params = spec.design.parameters
    if not params:
        raise ConfigError("design.parameters", "empty design: name at least one parameter")
    defaults = base.model_dump()
    columns = {name: _check_name(name, defaults) for name in params}
    if len(set(columns.values())) != len(columns):
        raise ConfigError("design.parameters", "two parameters map to the same column")
    from colony_sim.experiments.sampling import design_points

    points = design_points(spec, {n: _leaf(defaults, n) for n in params})
    seen: dict[tuple[Any, ...], int] = {}
    first: list[int] = []  # index of the first point equal to each point
    for i, point in enumerate(points):
        key = tuple(point.values())
        if key in seen and spec.design.kind in ("grid", "zip"):
            raise ConfigError(
                "design.parameters", f"points {seen[key]} and {i} are the same ({_show(point)})"
            )
        first.append(seen.setdefault(key, i))
    seeds = replicate_seeds(spec.seeds.root, spec.seeds.replicates)
    runs: list[RunSpec] = []
    for i, point in enumerate(points):
        if first[i] != i:  # a sampled design drew this point twice: its runs are shared
            continue
        try:
            config = base.with_overrides(**point)
        except ConfigError as exc:
            raise ConfigError(
                f"design.parameters.{exc.field}", f"{exc.reason} at point {i} ({_show(point)})"
            ) from None
        labels = tuple((columns[n], v) for n, v in point.items())
        for r, seed in enumerate(seeds):
            run_config = config.model_copy(update={"seed": seed})
            runs.append(RunSpec(run_id_for(run_config), i, r, seed, labels, run_config))
    ids: dict[str, RunSpec] = {}
    for run in runs:  # run ids are short hashes: refuse the (unlikely) collision
        other = ids.setdefault(run.run_id, run)
        if other is not run:
            raise ConfigError(
                "design", f"points {other.point} and {run.point} share run id {run.run_id}"
            )
    return Sweep(spec, tuple(runs), columns, tuple(first))


def resolve_runner(path: str) -> Callable[..., Any]:
    """Import the runner named ``module:function``.

    Raises:
        ConfigError: if it cannot be imported or is not callable.
    """
    module_name, _, attr = path.partition(":")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError("runner", f"cannot import {path}: {exc}") from None
    if not callable(fn):
        raise ConfigError("runner", f"{path} is not callable")
    return fn


def _parse_spec(data: Any) -> SweepSpec:
    if not isinstance(data, dict):
        raise ConfigError("sweep", f"must be a mapping, got {type(data).__name__}")
    try:
        return SweepSpec.model_validate(data)
    except ValidationError as exc:
        errs = exc.errors()
        err = errs[0]
        if err["type"] == "list_type" and isinstance(err.get("input"), dict) and errs[1:]:
            err = errs[1]  # a mapping is meant as a Range: say what is wrong with it
        loc = [str(x) for x in err["loc"]]
        # pydantic reports which union member failed ("list[any]", "Range"); drop it.
        loc = [p for p in loc if p not in ("list[any]", "Range")]
        field = ".".join(loc) or "sweep"
        reason = err["msg"]
        if err["type"] == "extra_forbidden":
            reason = "unknown key"
        elif err["type"] == "missing":
            reason = "required"
        return _raise(field, reason)


def _raise(field: str, reason: str) -> Any:
    raise ConfigError(field, reason)


def _check_name(name: str, defaults: dict[str, Any]) -> str:
    field = f"design.parameters.{name}"
    if name == "seed":
        raise ConfigError(field, "seeds come from seeds.root and seeds.replicates")
    try:
        value = _leaf(defaults, name)
    except KeyError:
        raise ConfigError(field, "unknown config field (check the spelling)") from None
    if isinstance(value, dict):
        raise ConfigError(field, "is a section; sweep one of its fields (e.g. economy.price)")
    column = name.replace(".", "_")
    if column in RESERVED_COLUMNS:
        raise ConfigError(field, f"column name {column!r} is reserved")
    return column


def _leaf(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(dotted)
        node = node[part]
    return node


def _show(point: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in point.items())
