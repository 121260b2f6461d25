"""Load and validate the benchmark problem set.

A problem directory ``problems/tier<N>/<slug>/`` must contain ``problem.toml``,
``reference.py``, ``test_hidden.py`` and ``mutants/m*.py`` (at least three);
tier-2 (debugging) problems must also contain ``starter.py``.  Any deviation
raises :class:`ValueError` naming the problem and the offending field or file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Category name required for each tier.
TIER_CATEGORIES: dict[int, str] = {
    1: "generation",
    2: "debugging",
    3: "induction",
    4: "reasoning",
    5: "adversarial",
    6: "brutal",
}

#: Scoring weight of each tier.
TIER_WEIGHTS: dict[int, int] = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8}

#: Minimum number of hand-written mutants per problem.
MIN_MUTANTS = 3

DEFAULT_TIMEOUT_S = 5.0

_SLUG_RE = re.compile(r"^[a-z0-9_]+$")
_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TIER_DIR_RE = re.compile(r"^tier([1-6])$")


@dataclass(frozen=True)
class Example:
    """A visible example: ``eval(call)`` must equal ``literal_eval(result)``."""

    call: str
    result: str


@dataclass(frozen=True)
class Problem:
    """One benchmark problem, as described by its ``problem.toml``.

    Attributes:
        slug: Unique identifier, equal to the directory name.
        tier: Tier number 1-6, equal to the parent ``tier<N>`` directory.
        title: Human-readable title.
        category: Tier category (see :data:`TIER_CATEGORIES`).
        entry_point: Name the hidden tests import from ``solution``.
        signature: Python signature text shown to the solver.
        statement: Precise specification shown to the solver.
        examples: Visible examples that the reference must satisfy.
        timeout_s: Wall-clock limit for one hidden-test run.
        path: Directory holding the problem files.
        equivalent_mutants: AST-mutant descriptions excluded as equivalent.
    """

    slug: str
    tier: int
    title: str
    category: str
    entry_point: str
    signature: str
    statement: str
    examples: tuple[Example, ...]
    timeout_s: float
    path: Path
    equivalent_mutants: tuple[str, ...] = ()

    @property
    def weight(self) -> int:
        """Scoring weight of the problem's tier."""
        return TIER_WEIGHTS[self.tier]

    @property
    def reference_path(self) -> Path:
        """Path of the reference solution."""
        return self.path / "reference.py"

    @property
    def hidden_tests_path(self) -> Path:
        """Path of the hidden pytest file."""
        return self.path / "test_hidden.py"

    @property
    def starter_path(self) -> Path | None:
        """Path of the buggy starter code (tier 2 only), else ``None``."""
        return self.path / "starter.py" if self.tier == 2 else None

    @property
    def mutant_paths(self) -> tuple[Path, ...]:
        """Hand-written wrong solutions, sorted by file name."""
        return tuple(sorted((self.path / "mutants").glob("m*.py")))

    def prompt(self) -> str:
        """Render what a solver sees: statement, signature, examples, starter code.

        Returns:
            Plain text; the hidden tests, reference and mutants are never included.
        """
        parts = [f"# {self.title} (tier {self.tier}, {self.category})", "",
                 self.statement.strip(), "", "Signature:", f"    {self.signature}", "",
                 "Examples:"]
        parts += [f"    {e.call} == {e.result}" for e in self.examples]
        if self.starter_path is not None and self.starter_path.is_file():
            parts += ["", "Starter code (contains a bug):", "",
                      self.starter_path.read_text(encoding="utf-8").rstrip()]
        parts += ["", f"Write `{self.entry_point}` in a module named solution.py."]
        return "\n".join(parts) + "\n"


def default_root() -> Path:
    """Return the directory holding the bundled ``tier<N>`` folders."""
    return Path(__file__).resolve().parent / "problems"


def _fail(name: str, message: str) -> ValueError:
    return ValueError(f"problem {name!r}: {message}")


def _field(data: dict[str, Any], key: str, kind: type, name: str) -> Any:
    if key not in data:
        raise _fail(name, f"missing field {key!r}")
    value = data[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
        raise _fail(name, f"field {key!r} must be {kind.__name__}, got {type(value).__name__}")
    if isinstance(value, str) and not value.strip():
        raise _fail(name, f"field {key!r} must not be empty")
    return value


def _examples(data: dict[str, Any], name: str) -> tuple[Example, ...]:
    raw = _field(data, "examples", list, name)
    if not raw:
        raise _fail(name, "field 'examples' must list at least one example")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise _fail(name, f"field 'examples[{i}]' must be a table")
        for key in ("call", "result"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise _fail(name, f"field 'examples[{i}].{key}' must be a non-empty string")
        out.append(Example(call=item["call"], result=item["result"]))
    return tuple(out)


def load_problem(path: Path) -> Problem:
    """Load and validate one problem directory.

    Args:
        path: A ``tier<N>/<slug>`` directory.

    Returns:
        The validated :class:`Problem`.

    Raises:
        ValueError: If a file is missing or a ``problem.toml`` field is invalid;
            the message names the problem and the field.
    """
    name = f"{path.parent.name}/{path.name}"
    toml_path = path / "problem.toml"
    if not toml_path.is_file():
        raise _fail(name, "missing file 'problem.toml'")
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(name, f"problem.toml is not valid TOML: {exc}") from exc

    slug = _field(data, "slug", str, name)
    if not _SLUG_RE.match(slug) or slug != path.name:
        raise _fail(name, f"field 'slug' must match [a-z0-9_]+ and the directory, got {slug!r}")
    tier = _field(data, "tier", int, name)
    tier_match = _TIER_DIR_RE.match(path.parent.name)
    if tier not in TIER_CATEGORIES or not tier_match or int(tier_match.group(1)) != tier:
        raise _fail(name, f"field 'tier' must be 1-6 and match the tier directory, got {tier!r}")
    category = _field(data, "category", str, name)
    if category != TIER_CATEGORIES[tier]:
        raise _fail(name, f"field 'category' must be {TIER_CATEGORIES[tier]!r} for tier {tier}")
    entry_point = _field(data, "entry_point", str, name)
    if not _IDENT_RE.match(entry_point):
        raise _fail(name, f"field 'entry_point' must be an identifier, got {entry_point!r}")
    timeout_s = _field({"timeout_s": DEFAULT_TIMEOUT_S, **data}, "timeout_s", float, name)
    if timeout_s <= 0:
        raise _fail(name, "field 'timeout_s' must be positive")
    equivalent = data.get("equivalent_mutants", [])
    if not isinstance(equivalent, list) or not all(isinstance(e, str) for e in equivalent):
        raise _fail(name, "field 'equivalent_mutants' must be a list of strings")

    problem = Problem(
        slug=slug,
        tier=tier,
        title=_field(data, "title", str, name),
        category=category,
        entry_point=entry_point,
        signature=_field(data, "signature", str, name),
        statement=_field(data, "statement", str, name),
        examples=_examples(data, name),
        timeout_s=timeout_s,
        path=path,
        equivalent_mutants=tuple(equivalent),
    )
    required = [problem.reference_path, problem.hidden_tests_path]
    if problem.starter_path is not None:
        required.append(problem.starter_path)
    for file in required:
        if not file.is_file():
            raise _fail(name, f"missing file {file.name!r}")
    if len(problem.mutant_paths) < MIN_MUTANTS:
        raise _fail(name, f"'mutants/' must hold at least {MIN_MUTANTS} m*.py files")
    if (path / "starter.py").exists() and tier != 2:
        raise _fail(name, "'starter.py' is only allowed for tier 2")
    return problem


def load_problems(root: Path | str | None = None) -> list[Problem]:
    """Load every problem below ``root``.

    Args:
        root: Directory holding ``tier1`` ... ``tier6``; defaults to the
            problem set bundled with this package.

    Returns:
        Problems sorted by ``(tier, slug)``.

    Raises:
        ValueError: If any problem is invalid or a slug is duplicated.
    """
    base = Path(root) if root is not None else default_root()
    problems = []
    for tier_dir in sorted(base.iterdir()):
        if not tier_dir.is_dir() or not _TIER_DIR_RE.match(tier_dir.name):
            continue
        for problem_dir in sorted(tier_dir.iterdir()):
            if problem_dir.is_dir() and not problem_dir.name.startswith(("_", ".")):
                problems.append(load_problem(problem_dir))
    seen: dict[str, Path] = {}
    for problem in problems:
        if problem.slug in seen:
            raise _fail(problem.slug, f"duplicate slug (also in {seen[problem.slug]})")
        seen[problem.slug] = problem.path
    return sorted(problems, key=lambda p: (p.tier, p.slug))
