import ast
import re
import shutil
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from colony_sim.benchmark import Problem, load_problems
from colony_sim.benchmark.mutation import generate_mutants, sample_mutants
from colony_sim.benchmark.problemset import TIER_CATEGORIES, default_root

PROBLEMS = load_problems()
IDS = [p.slug for p in PROBLEMS]


def test_sixty_problems_ten_per_tier():
    assert len(PROBLEMS) == 60
    assert Counter(p.tier for p in PROBLEMS) == {tier: 10 for tier in range(1, 7)}


def test_slugs_unique_and_sorted():
    assert len(set(IDS)) == len(IDS)
    assert PROBLEMS == sorted(PROBLEMS, key=lambda p: (p.tier, p.slug))
    assert all(isinstance(p, Problem) for p in PROBLEMS)


@pytest.mark.parametrize("problem", PROBLEMS, ids=IDS)
def test_files_present(problem):
    assert problem.reference_path.is_file()
    assert problem.hidden_tests_path.is_file()
    assert len(problem.mutant_paths) >= 3
    assert (problem.path / "starter.py").is_file() == (problem.tier == 2)
    sources = [problem.reference_path, *problem.mutant_paths]
    if problem.starter_path:
        sources.append(problem.starter_path)
    texts = [path.read_text(encoding="utf-8") for path in sources]
    for text in texts:
        ast.parse(text)
    assert len(set(texts)) == len(texts), "mutants/starter must differ from the reference"


@pytest.mark.parametrize("problem", PROBLEMS, ids=IDS)
def test_toml_fields_valid(problem):
    data = tomllib.loads((problem.path / "problem.toml").read_text(encoding="utf-8"))
    assert data["slug"] == problem.path.name
    assert re.fullmatch(r"[a-z0-9_]+", problem.slug)
    assert f"tier{problem.tier}" == problem.path.parent.name
    assert problem.category == TIER_CATEGORIES[problem.tier]
    assert problem.timeout_s > 0
    assert problem.examples
    assert problem.signature.lstrip().startswith(("def ", "class "))
    assert problem.entry_point in problem.signature
    reference = ast.parse(problem.reference_path.read_text(encoding="utf-8"))
    names = {n.name for n in reference.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    assert problem.entry_point in names
    hidden = problem.hidden_tests_path.read_text(encoding="utf-8")
    assert f"from solution import {problem.entry_point}" in hidden
    assert len(re.findall(r"^def test_", hidden, flags=re.M)) >= 2
    for example in problem.examples:
        ast.parse(example.call, mode="eval")
        ast.literal_eval(example.result)
        assert problem.entry_point in example.call
    if problem.tier == 2:
        assert "bug" in problem.statement
    if problem.tier == 3:
        assert "infer the rule" in problem.statement
    descriptions = {m.description for m in generate_mutants(
        problem.reference_path.read_text(encoding="utf-8"))}
    assert set(problem.equivalent_mutants) <= descriptions


def test_prompt_never_leaks_tests():
    problem = next(p for p in PROBLEMS if p.tier == 2)
    text = problem.prompt()
    assert problem.statement.strip() in text
    assert problem.starter_path.read_text(encoding="utf-8").strip() in text
    assert "test_" not in text


# ---------------------------------------------------------------- loader errors

def _copy_problem(tmp_path: Path, slug: str = "gray_code") -> Path:
    source = next(p for p in PROBLEMS if p.slug == slug).path
    target = tmp_path / source.parent.name / source.name
    shutil.copytree(source, target)
    return target


def _rewrite(toml_path: Path, field: str, value: str | None) -> None:
    """Drop ``field`` (value None) or set it, adding it before the examples if absent."""
    lines, skipping, done = [], False, value is None
    for line in toml_path.read_text(encoding="utf-8").splitlines():
        if skipping:
            skipping = not line.rstrip().endswith('"""')
            continue
        if line.startswith(f"{field} ="):
            if value is not None:
                lines.append(f"{field} = {value}")
                done = True
            skipping = line.count('"""') == 1
            continue
        if line.startswith("[[examples]]") and not done:
            lines.append(f"{field} = {value}")
            done = True
        lines.append(line)
    toml_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("field", ["slug", "tier", "title", "category", "entry_point",
                                   "signature", "statement"])
def test_missing_field_is_named(tmp_path, field):
    problem_dir = _copy_problem(tmp_path)
    _rewrite(problem_dir / "problem.toml", field, None)
    with pytest.raises(ValueError, match=f"'{field}'") as info:
        load_problems(tmp_path)
    assert "gray_code" in str(info.value)


@pytest.mark.parametrize("field, value", [
    ("slug", '"other_slug"'), ("slug", '"Gray-Code"'), ("tier", "4"), ("tier", '"3"'),
    ("category", '"reasoning"'), ("entry_point", '"not an identifier"'), ("timeout_s", "-1.0"),
    ("title", '""'), ("equivalent_mutants", '"L1:0 x"'), ("equivalent_mutants", "[1]"),
    ("signature", "42"),
])
def test_invalid_field_is_named(tmp_path, field, value):
    problem_dir = _copy_problem(tmp_path)
    _rewrite(problem_dir / "problem.toml", field, value)
    with pytest.raises(ValueError, match=f"'{field}"):
        load_problems(tmp_path)


def test_missing_examples_and_bad_example(tmp_path):
    problem_dir = _copy_problem(tmp_path)
    toml = problem_dir / "problem.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text[:text.index("[[examples]]")], encoding="utf-8")
    with pytest.raises(ValueError, match="'examples'"):
        load_problems(tmp_path)
    toml.write_text(text[:text.index("[[examples]]")] + '[[examples]]\ncall = "gray_code(1)"\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"examples\[0\]\.result"):
        load_problems(tmp_path)


@pytest.mark.parametrize("victim", ["reference.py", "test_hidden.py", "problem.toml",
                                    "mutants/m3.py"])
def test_missing_file_is_named(tmp_path, victim):
    problem_dir = _copy_problem(tmp_path)
    (problem_dir / victim).unlink()
    with pytest.raises(ValueError, match="problem.toml|reference.py|test_hidden.py|mutants"):
        load_problems(tmp_path)


def test_starter_rules(tmp_path):
    debugging = _copy_problem(tmp_path, "token_bucket")
    (debugging / "starter.py").unlink()
    with pytest.raises(ValueError, match="starter.py"):
        load_problems(tmp_path)
    shutil.rmtree(tmp_path / "tier2")
    generation = _copy_problem(tmp_path, "gray_code")
    (generation / "starter.py").write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="starter.py"):
        load_problems(tmp_path)


def test_duplicate_slug_rejected(tmp_path):
    _copy_problem(tmp_path, "gray_code")
    clone = tmp_path / "tier4" / "gray_code"
    shutil.copytree(tmp_path / "tier3" / "gray_code", clone)
    _rewrite(clone / "problem.toml", "tier", "4")
    _rewrite(clone / "problem.toml", "category", '"reasoning"')
    with pytest.raises(ValueError, match="duplicate"):
        load_problems(tmp_path)


def test_default_root_is_bundled_set():
    assert default_root().is_dir()
    assert load_problems(default_root()) == PROBLEMS


# ---------------------------------------------------------------- mutation pass

SAMPLE = '''
def f(a, n: int = 3) -> int:
    """Docstring 5 is never mutated."""
    x = 0
    while x < n and not a:
        x += 1
        if x == 2:
            break
    return x * 2 - 1 if True else None
'''


def test_generate_mutants_covers_operator_families():
    mutants = generate_mutants(SAMPLE)
    whats = {m.description.split(" ", 1)[1] for m in mutants}
    for expected in ["'<' -> '<='", "'and' -> 'or'", "drop 'not'", "'+' -> '-'", "'==' -> '!='",
                     "drop 'break'", "return None", "'*' -> '//'", "True -> False", "0 -> 1",
                     "2 -> 3", "1 -> 0"]:
        assert expected in whats, expected
    assert all(m.description.startswith("L") for m in mutants)
    sources = [m.source for m in mutants]
    assert len(set(sources)) == len(sources)
    for m in mutants:
        compile(m.source, "<mutant>", "exec")
        assert "Docstring 5 is never mutated." in m.source
        assert "n: int" in m.source and "-> int" in m.source
    assert generate_mutants(SAMPLE) == mutants


def test_single_site_per_mutant():
    original = ast.dump(ast.parse(SAMPLE))
    for m in generate_mutants(SAMPLE):
        assert ast.dump(ast.parse(m.source)) != original


def test_sample_mutants_is_even_and_deterministic():
    items = list(range(100))
    assert sample_mutants(items, 10) == list(range(0, 100, 10))
    assert sample_mutants(items, None) == items
    assert sample_mutants(items, 0) == items
    assert sample_mutants(items[:5], 10) == items[:5]
