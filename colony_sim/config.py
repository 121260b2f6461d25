"""Run configuration: frozen, typed, validated at the boundary.

A :class:`ColonyConfig` fully determines a run together with its ``seed``. Configs load
from YAML, JSON or TOML files; every error names the dotted field and the reason.
Money fields are ``int`` atomic token units (6 decimals: ``1_000_000`` = 1 token).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from colony_sim.errors import ConfigError


class _Frozen(BaseModel):
    # allow_inf_nan=False: a NaN or infinite rate, weight, period or mean was once accepted
    # and ran (never waking, or NaN skills) instead of being refused with its field.
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


class EconomyConfig(_Frozen):
    """Money in and out of the colony. Amounts are atomic units (6 decimals)."""

    initial_balance: int = Field(200_000, ge=0, description="Tokens each founder starts with.")
    price: int = Field(1_000, gt=0, description="Price of one paid request (0.001 token).")
    demand_rate: float = Field(
        0.002, ge=0, description="Paid requests per second per endpoint at code quality 1."
    )
    initial_endpoints: int = Field(1, ge=0, description="Endpoints a founder serves at birth.")
    max_endpoints: int = Field(8, ge=1, description="Most endpoints one agent can serve.")
    think_cost: int = Field(500, ge=0, description="Compute paid per cycle for thinking.")
    step_cost: int = Field(250, ge=0, description="Compute paid per executed plan step.")
    bench_cost: int = Field(3_000, ge=0, description="Compute paid per benchmark run.")
    clone_price: int = Field(1_000_000, ge=0, description="Paid by a parent per clone (1 token).")
    birth_threshold: int = Field(
        3_000_000, ge=0, description="Balance at which an agent clones itself (0 = never)."
    )
    child_endowment: int = Field(200_000, ge=0, description="Moved from parent to child.")
    buyer_funds: int = Field(
        1_000_000_000_000, ge=0, description="Minted once for the buyers of paid requests."
    )
    payment_timeout_s: int = Field(60, gt=0, description="maxTimeoutSeconds of requirements.")


class CognitionConfig(_Frozen):
    """The agent's mind: switches for the nine cognitive systems and their parameters."""

    level: Literal["minimal", "default"] = Field(
        "default",
        description=(
            "Brain: 'minimal' = success counts per step kind, 'default' = an MLP. The CLI's "
            "--cognition minimal also switches every other system off."
        ),
    )
    brain_shape: Literal["compact", "seed_small", "seed"] = Field(
        "compact",
        description=(
            "compact: 17 features -> hidden -> 1 (fast, for big colonies); seed_small: "
            "128 -> 32 -> 32 -> 23; seed: the seed's 128 -> 1024 -> 1024 -> 23."
        ),
    )
    hidden: int = Field(16, ge=1, le=4096, description="Hidden units of the compact brain.")
    learning_rate: float = Field(0.05, gt=0, le=10, description="SGD step size of the brain.")
    gate_threshold: float = Field(
        0.10, ge=0, le=1, description="Risky steps predicted below this success are blocked."
    )
    gate_min_steps: int = Field(200, ge=0, description="Steps a brain must learn before gating.")
    deposit: float = Field(1.0, ge=0, description="Pheromone laid per unit of plan reward.")
    evaporation_rate: float = Field(
        1e-4, ge=0, description="Pheromone decay per simulated second (exponential)."
    )
    share_period: int = Field(5, ge=0, description="Cycles between peer exchanges (0 = never).")
    share_peers: int = Field(3, ge=0, description="Peers sampled per exchange.")
    share_rate: float = Field(0.2, ge=0, le=1, description="Weight given to peers' trails.")
    bench_period: int = Field(20, ge=0, description="Cycles between benchmark runs (0 = never).")
    # -- switches: every system can be turned off for ablations --------------------
    cortex: bool = Field(True, description="World model, curiosity bonus and dreams.")
    genesis: bool = Field(True, description="Evolving gene pool of plan templates.")
    hivemind: bool = Field(True, description="Pheromone trails and peer reputation.")
    synthesis: bool = Field(True, description="Calibration, imagination, self-model.")
    evaluation: bool = Field(True, description="Brier scores of every predictor.")
    feedback: bool = Field(True, description="Error taxonomy and lessons.")
    free_energy: bool = Field(True, description="EXPLORE/EXPLOIT switching on F(t).")
    federation: bool = Field(True, description="Merge brains, templates, trails, lessons.")
    autonomy: bool = Field(True, description="Plan transformer proposing templates.")
    # -- parameters of the systems ----------------------------------------------------
    shared_init: bool = Field(
        True,
        description=(
            "Founders start from one common brain, and every agent's plan transformer from "
            "one common planner, as every node of the seed descends from one. Off: each "
            "draws its own, and averaging unrelated hidden units erases what they learnt."
        ),
    )
    merge_rule: Literal["fedavg", "median", "trimmed_mean"] = Field(
        "fedavg", description="How peers' brain weights are combined."
    )
    genesis_period: int = Field(10, ge=1, description="Cycles between gene-pool generations.")
    autonomy_period: int = Field(
        50, ge=1, description="Cycles between plan-transformer training and proposals."
    )
    planner_shape: Literal["tiny", "small", "seed"] = Field(
        "tiny",
        description=(
            "Plan transformer of autonomy: 'tiny' (D=16, 1 layer, ~5k parameters), 'small' "
            "(the models' default) or 'seed' (4 layers, D=256, 8 heads, ~2.2M; ~0.9 s a step)."
        ),
    )
    pool_size: int = Field(6, ge=2, description="Templates kept per goal.")
    curiosity: float = Field(0.5, ge=0, description="Weight of the cortex's uncertainty bonus.")
    dream_period: int = Field(5, ge=1, description="Cycles between replays of experience.")
    dream_rows: int = Field(8, ge=0, description="Experiences replayed per dream.")
    imagination_threshold: float = Field(
        0.02, ge=0, le=1, description="Plans imagined below this success are redrawn."
    )
    lesson_support: int = Field(5, ge=1, description="Tries needed on each side for a lesson.")
    poisoned: int = Field(
        0,
        ge=0,
        description="Founders that publish noise as brain weights (federation.byzantine).",
    )
    poison_scale: float = Field(
        20.0, gt=0, le=100, description="Standard deviation of the poisoned founders' noise."
    )


class DynamicsConfig(_Frozen):
    """Fitness, selection, cloning and survival tiers (see :mod:`colony_sim.economy`).

    Fitness weights are relative (normalised by their sum); tier thresholds are balances
    in atomic units; multipliers are dimensionless.
    """

    w_execution: float = Field(0.25, ge=0, description="Weight of execution (plans reached).")
    w_coordination: float = Field(0.10, ge=0, description="Weight of knowledge peers used.")
    w_prediction: float = Field(0.20, ge=0, description="Weight of the brain's Brier skill.")
    w_evolution: float = Field(0.15, ge=0, description="Weight of template improvement.")
    w_introspection: float = Field(0.10, ge=0, description="Weight of self-model calibration.")
    selection: bool = Field(True, description="Only agents above the median fitness clone.")
    spawn_min_cycles: int = Field(20, ge=0, description="Cycles an agent lives before cloning.")
    skill_mutation: float = Field(
        0.25, ge=0, description="Child skill noise, as a fraction of skill_spread (logits)."
    )
    weight_mutation: float = Field(
        0.01, ge=0, description="Std of Gaussian noise added to the child's brain weights."
    )
    trail_mutation: float = Field(
        0.1, ge=0, description="Log-normal sigma of multiplicative noise on inherited trails."
    )
    birth_commits: int = Field(
        5, ge=1, description="Own commits after which a branch becomes its own repository."
    )
    birth_sync: bool = Field(True, description="Born agents keep syncing the cognitive layer.")
    conserve_below: int = Field(
        50_000, ge=0, description="Balance below which an agent conserves (units)."
    )
    critical_below: int = Field(
        10_000, ge=0, description="Balance below which an agent is critical (units)."
    )
    conserve_cadence: float = Field(2.0, ge=1, description="Cycle-gap multiplier in conserve.")
    critical_cadence: float = Field(4.0, ge=1, description="Cycle-gap multiplier in critical.")
    conserve_think: float = Field(0.5, ge=0, le=1, description="Think-cost multiplier, conserve.")
    critical_think: float = Field(0.25, ge=0, le=1, description="Think-cost multiplier, critical.")

    @model_validator(mode="after")
    def _check(self) -> DynamicsConfig:
        weights = (
            self.w_execution,
            self.w_coordination,
            self.w_prediction,
            self.w_evolution,
            self.w_introspection,
        )
        if sum(weights) <= 0:
            raise ValueError("w_execution: fitness weights are all zero; give one a weight > 0")
        if self.critical_below >= self.conserve_below:
            raise ValueError(
                f"critical_below: must be below conserve_below "
                f"({self.critical_below} >= {self.conserve_below})"
            )
        if self.critical_cadence < self.conserve_cadence:
            raise ValueError("critical_cadence: must be >= conserve_cadence")
        return self


SAFETY_LAYERS = (
    "protected_files",
    "plan_validation",
    "self_repair",
    "brain_gate",
    "precommit",
    "branch_isolation",
    "human_gate",
    "destruction_guard",
    "commit_gate",
    "quality_gate",
)
"""Switchable safety layers (see :mod:`colony_sim.safety`)."""


class SafetyConfig(_Frozen):
    """The safety layers, each switchable for ablations, and their parameters."""

    protected_files: bool = Field(True, description="Refuse edits of protected files.")
    plan_validation: bool = Field(True, description="Validate (and repair) plans before they run.")
    self_repair: bool = Field(True, description="Every repair_period cycles, repair the mind.")
    brain_gate: bool = Field(True, description="Block risky steps the brain predicts will fail.")
    precommit: bool = Field(True, description="Check and test a change before any commit.")
    branch_isolation: bool = Field(True, description="Commit only to the agent's vm/{id} branch.")
    human_gate: bool = Field(False, description="Deploys wait for a (simulated) human approval.")
    destruction_guard: bool = Field(True, description="Block cumulative deletions in a window.")
    commit_gate: bool = Field(
        False, description="No new commit until the IQ delta of the last one was measured."
    )
    quality_gate: bool = Field(
        True,
        description=(
            "Refuse a commit the code-quality model scores below -0.1 once trained (needs a "
            "workspace with real diffs: live)."
        ),
    )
    repair_period: int = Field(20, ge=1, description="Cycles between self-repairs.")
    divergence_brier: float = Field(
        0.35, gt=0, le=1, description="Recent brain Brier above which the brain is reset."
    )
    destruction_fraction: float = Field(
        0.7, gt=0, le=1, description="Most of a file's lines that may go in one window."
    )
    destruction_window_s: float = Field(86_400.0, gt=0, description="Rolling window (s).")
    destruction_min_lines: int = Field(20, ge=0, description="Deletions below this never block.")
    commit_gate_timeout_s: float = Field(1_800.0, gt=0, description="Safety valve of the gate.")
    reviewer_accuracy: float = Field(
        0.9, ge=0, le=1, description="Chance the simulated human judges a deploy correctly."
    )


SYSTEMS = (
    "cortex",
    "genesis",
    "hivemind",
    "synthesis",
    "evaluation",
    "feedback",
    "free_energy",
    "federation",
    "autonomy",
)
"""Switchable cognitive systems besides the brain (whose kind is ``level``)."""


class ColonyConfig(_Frozen):
    """Everything that determines a run, besides the seed.

    Attributes:
        agents: Founders at time 0.
        until: Simulated seconds to run.
        seed: Root seed; every random stream derives from it.
        cycle_period: Mean simulated seconds between an agent's cycles.
        jitter: Relative spread of an agent's cadence (uniform ±jitter).
        sample_period: Seconds between colony-level rows.
        agent_sample_every: Agent-level rows every this many colony samples.
        max_agents: Population cap (births beyond it are skipped).
        skill_mean: Mean latent skill of founders (logit scale).
        skill_spread: Spread of founders' skills and of clone mutations.
        bench_items: Item-parameter file the simulated Bench draws from (written by
            ``python -m colony_sim.benchmark.calibration --out FILE``); ``None`` uses
            the shipped ``item_params.json``.
    """

    agents: int = Field(100, gt=0, le=1_000_000, description="Founders at time 0.")
    until: float = Field(86_400.0, gt=0, description="Simulated seconds to run.")
    seed: int = Field(0, ge=0, description="Root seed; every random stream derives from it.")
    cycle_period: float = Field(
        60.0, gt=0, description="Mean simulated seconds between an agent's cycles."
    )
    jitter: float = Field(
        0.2, ge=0, lt=1, description="Relative spread of an agent's cadence (uniform ±jitter)."
    )
    sample_period: float = Field(300.0, gt=0, description="Seconds between colony-level rows.")
    agent_sample_every: int = Field(
        4, ge=1, description="Agent-level rows every this many colony samples."
    )
    max_agents: int = Field(
        10_000, gt=0, description="Population cap (births beyond it are skipped)."
    )
    skill_mean: float = Field(0.0, description="Mean latent skill of founders (logit scale).")
    skill_spread: float = Field(
        1.0, ge=0, description="Spread of founders' skills and of clone mutations (logits)."
    )
    bench_items: str | None = Field(
        None,
        description="Item-parameter JSON for the simulated Bench (None: the shipped file).",
    )
    economy: EconomyConfig = EconomyConfig()
    cognition: CognitionConfig = CognitionConfig()
    dynamics: DynamicsConfig = DynamicsConfig()
    safety: SafetyConfig = SafetyConfig()

    def with_overrides(self, **changes: Any) -> ColonyConfig:
        """Return a validated copy with top-level or dotted (``economy.price``) changes."""
        data = self.model_dump()
        for key, value in changes.items():
            _set_dotted(data, key, value)
        return make_config(data)

    def to_json(self) -> str:
        """Canonical JSON (sorted keys) of the whole config."""
        return json.dumps(self.model_dump(), sort_keys=True, indent=2)


def describe(config: BaseModel, prefix: str = "") -> list[tuple[str, Any, str]]:
    """Every leaf field of ``config`` as (dotted name, value, description), in order."""
    rows: list[tuple[str, Any, str]] = []
    for name, info in type(config).model_fields.items():
        value = getattr(config, name)
        if isinstance(value, BaseModel):
            rows += describe(value, f"{prefix}{name}.")
        else:
            rows.append((prefix + name, value, info.description or ""))
    return rows


def _set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            raise ConfigError(key, "unknown field")
        node = node[part]
    if parts[-1] not in node:
        raise ConfigError(key, "unknown field")
    node[parts[-1]] = value


def make_config(data: Any) -> ColonyConfig:
    """Validate plain data into a :class:`ColonyConfig`.

    Raises:
        ConfigError: naming the first offending field and the reason.
    """
    if not isinstance(data, dict):
        raise ConfigError("config", f"must be a mapping of fields, got {type(data).__name__}")
    try:
        config = ColonyConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err["loc"]) or "config"
        reason = err["msg"]
        if err["type"] == "value_error":  # a model validator: "<field>: <reason>"
            name, _, reason = reason.removeprefix("Value error, ").partition(": ")
            raise ConfigError(".".join([*map(str, err["loc"]), name]), reason) from None
        if err["type"] == "extra_forbidden":
            reason = "unknown field (check the spelling; see `colony run --help`)"
        elif "input" in err and err["type"] not in ("missing",):
            reason = f"{reason} (got {err['input']!r:.60})"
        raise ConfigError(field, reason) from None
    if config.bench_items is not None:
        from colony_sim.benchmark.calibration import load_params

        try:
            load_params(Path(config.bench_items))
        except ConfigError as exc:
            raise ConfigError("bench_items", f"{exc.field}: {exc.reason}") from None
    if config.agents > config.max_agents:
        raise ConfigError("agents", f"{config.agents} exceeds max_agents ({config.max_agents})")
    econ = config.economy
    supply = config.agents * econ.initial_balance + econ.buyer_funds
    if econ.clone_price > supply:
        raise ConfigError(
            "economy.clone_price",
            f"{econ.clone_price} exceeds the supply minted at start ({supply}); "
            "no agent could ever pay it",
        )
    return config


# YAML 1.1 reads "1e-3" as a string; accept the float forms people actually write.
_FLOAT = re.compile(r"^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$")


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\d[\d_]*\.\d*|\.\d+|\d[\d_]*)(?:[eE][-+]?\d+)$|^[-+]?\d[\d_]*\.\d*$"),
    list("-+0123456789."),
)


PATH_FIELDS = ("bench_items",)
"""Config fields that name a file: relative ones in a file are read from that file's folder."""


def anchored(value: Any, folder: Path) -> Any:
    """``value`` made an absolute path against ``folder`` if it is a relative path string.

    ``~`` is expanded; anything that is not a non-empty string is returned unchanged (for
    validation to judge).
    """
    if not isinstance(value, str) or not value:
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else Path(os.path.normpath(folder.absolute() / path)))


def anchor_paths(data: Any, folder: Path) -> Any:
    """A copy of config data with its :data:`PATH_FIELDS` anchored at ``folder``."""
    if not isinstance(data, dict):
        return data
    return {k: anchored(v, folder) if k in PATH_FIELDS else v for k, v in data.items()}


def read_document(path: str | Path, field: str) -> Any:
    """Parse a ``.json``, ``.toml`` or YAML (any other suffix) file into plain data.

    An empty YAML file is an empty mapping.

    Raises:
        ConfigError: naming ``field`` if the file cannot be read, or the file if it
            cannot be parsed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(field, f"cannot read {path}: {exc.strerror}") from None
    try:
        if path.suffix == ".json":
            data = json.loads(text)
        elif path.suffix == ".toml":
            data = tomllib.loads(text)
        else:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except (json.JSONDecodeError, tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise ConfigError(
            str(path), f"malformed {path.suffix.lstrip('.') or 'yaml'}: {first}"
        ) from None
    return {} if data is None else data


def load_config(path: str | Path) -> ColonyConfig:
    """Load and validate a config file (``.yaml``/``.yml``, ``.json`` or ``.toml``).

    A relative ``bench_items`` path in the file is read from the file's folder (and kept
    absolute), so a config means the same from any working directory.

    Raises:
        ConfigError: if the file cannot be read or parsed, or a field is invalid.
    """
    path = Path(path)
    return make_config(anchor_paths(read_document(path, "--config"), path.parent))
