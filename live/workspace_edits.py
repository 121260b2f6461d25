"""The edit repertoire: small mechanical source changes an agent without an LLM can make.

Each transform takes ``(path, text, rng, read)`` — the file's normalised path and text, a
generator, and a function reading another file of the tree (``None`` if absent) — and
returns the new text of every file it changes (the edited file first), or ``None`` when it
does not apply to this file. Some transforms are safe (the tests still pass), some are
risky (they usually break the build or the tests, or pass while weakening the test
suite); only a check tells which happened.

=====================  =====  =============================================================
transform              risky  what it does
=====================  =====  =============================================================
add_helper_with_test   no     append a small function and a test of it in ``tests/``
add_docstring          no     give the first undocumented function a docstring
rename_local           no     rename a local variable throughout its function
add_untested_helper    yes    append a small function nobody tests
tweak_constant         yes    move an integer literal by ±1
drop_colon             yes    drop the colon of a block header (a syntax error)
duplicate_line         yes    repeat a non-blank line
remove_line            yes    delete a non-blank line
delete_function        yes    delete a top-level function
delete_test            yes    delete a test of the file from its test module
=====================  =====  =============================================================
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

Reader = Callable[[str], str | None]
Edits = dict[str, str]

_BLOCK = re.compile(r"^\s*(def|class|if|elif|else|for|while|with|try|except|finally)\b.*:\s*$")


class Transform(NamedTuple):
    """One kind of edit: its name, whether it is risky, and the function applying it."""

    name: str
    risky: bool
    apply: Callable[[str, str, np.random.Generator, Reader], Edits | None]


def _parse(path: str, text: str) -> ast.Module | None:
    if not path.endswith(".py"):
        return None
    try:
        return ast.parse(text)
    except SyntaxError:
        return None


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _fresh(stem: str, text: str) -> str:
    k = 1
    while re.search(rf"\b{stem}_{k}\b", text):
        k += 1
    return f"{stem}_{k}"


def test_path(path: str) -> str | None:
    """The test module of a ``src/`` module: ``src/pkg/x.py`` → ``tests/test_x.py``."""
    if not (path.startswith("src/") and path.endswith(".py")):
        return None
    return f"tests/test_{path.rsplit('/', 1)[-1][:-3]}.py"


def _module(path: str) -> str:
    return path[len("src/") : -len(".py")].replace("/", ".")


def _helper(text: str, rng: np.random.Generator) -> tuple[str, str, int, int]:
    name = _fresh("scaled", text)
    a, b = int(rng.integers(2, 10)), int(rng.integers(0, 10))
    code = f'\n\ndef {name}(x):\n    """x times {a}, plus {b}."""\n    return x * {a} + {b}\n'
    return name, text.rstrip("\n") + "\n" + code, a, b


def add_helper_with_test(
    path: str, text: str, rng: np.random.Generator, read: Reader
) -> Edits | None:
    """Append a helper and a test of it (in the file's test module, created if needed)."""
    tests = test_path(path)
    if _parse(path, text) is None or tests is None:
        return None
    name, code, a, b = _helper(text, rng)
    module = _module(path)
    suite = read(tests) or ""
    if not re.search(rf"^import {re.escape(module)}$", suite, re.MULTILINE):
        suite = f"import {module}\n" + suite
    c = int(rng.integers(0, 20))
    case = f"\n\ndef test_{name}():\n    assert {module}.{name}({c}) == {c * a + b}\n"
    return {path: code, tests: suite.rstrip("\n") + "\n" + case}


def add_untested_helper(
    path: str, text: str, rng: np.random.Generator, read: Reader
) -> Edits | None:
    """Append a helper without a test."""
    if _parse(path, text) is None:
        return None
    return {path: _helper(text, rng)[1]}


def add_docstring(path: str, text: str, rng: np.random.Generator, read: Reader) -> Edits | None:
    """Document the first function without a docstring."""
    tree = _parse(path, text)
    if tree is None:
        return None
    for fn in _functions(tree):
        first = fn.body[0]
        if ast.get_docstring(fn) is None and first.lineno > fn.lineno:
            lines = _lines(text)
            doc = f'{" " * first.col_offset}"""{fn.name.replace("_", " ").capitalize()}."""\n'
            lines.insert(first.lineno - 1, doc)
            return {path: "".join(lines)}
    return None


def rename_local(path: str, text: str, rng: np.random.Generator, read: Reader) -> Edits | None:
    """Rename a variable assigned in a function everywhere in that function."""
    tree = _parse(path, text)
    if tree is None:
        return None
    candidates = []
    for fn in _functions(tree):
        params = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
        stored = {
            n.id
            for n in ast.walk(fn)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id not in params
        }
        candidates += [(fn, name) for name in sorted(stored)]
    if not candidates:
        return None
    fn, old = candidates[int(rng.integers(len(candidates)))]
    lines = _lines(text)
    body = "".join(lines[fn.lineno - 1 : fn.end_lineno])
    new = _fresh(old, text)
    lines[fn.lineno - 1 : fn.end_lineno] = [re.sub(rf"\b{old}\b", new, body)]
    return {path: "".join(lines)}


def tweak_constant(path: str, text: str, rng: np.random.Generator, read: Reader) -> Edits | None:
    """Move an integer literal by one."""
    tree = _parse(path, text)
    if tree is None:
        return None
    ints = [
        (n.lineno, n.col_offset, n.end_col_offset, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and type(n.value) is int and n.lineno == n.end_lineno
    ]
    if not ints:
        return None
    row, start, end, old = ints[int(rng.integers(len(ints)))]
    lines = _lines(text)
    raw = lines[row - 1].encode()  # AST offsets count UTF-8 bytes
    value = str(old + (1 if rng.random() < 0.5 else -1)).encode()
    raw = raw[:start] + value + raw[end:]
    lines[row - 1] = raw.decode()
    return {path: "".join(lines)}


def drop_colon(path: str, text: str, rng: np.random.Generator, read: Reader) -> Edits | None:
    """Drop the colon ending a block header (``def``, ``if``, ``for``…)."""
    lines = _lines(text)
    headers = [i for i, line in enumerate(lines) if _BLOCK.match(line)]
    if not path.endswith(".py") or not headers:
        return None
    i = headers[int(rng.integers(len(headers)))]
    stripped = lines[i].rstrip()
    lines[i] = stripped[:-1] + lines[i][len(stripped) :]
    return {path: "".join(lines)}


def _pick_line(text: str, rng: np.random.Generator) -> tuple[list[str], int] | None:
    lines = _lines(text)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return None
    return lines, filled[int(rng.integers(len(filled)))]


def duplicate_line(path: str, text: str, rng: np.random.Generator, read: Reader) -> Edits | None:
    """Repeat a non-blank line."""
    picked = _pick_line(text, rng)
    if picked is None:
        return None
    lines, i = picked
    line = lines[i] if lines[i].endswith("\n") else lines[i] + "\n"
    lines.insert(i, line)
    return {path: "".join(lines)}


def remove_line(path: str, text: str, rng: np.random.Generator, read: Reader) -> Edits | None:
    """Delete a non-blank line."""
    picked = _pick_line(text, rng)
    if picked is None:
        return None
    lines, i = picked
    del lines[i]
    return {path: "".join(lines)}


def _without(text: str, node: ast.stmt) -> str:
    lines = _lines(text)
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
    end = node.end_lineno or node.lineno
    while end < len(lines) and not lines[end].strip():
        end += 1  # the blank lines that separated it from the next definition
    return "".join(lines[:start] + lines[end:])


def delete_function(path: str, text: str, rng: np.random.Generator, read: Reader) -> Edits | None:
    """Delete a top-level function."""
    tree = _parse(path, text)
    functions = _functions(tree) if tree is not None else []
    if not functions:
        return None
    return {path: _without(text, functions[int(rng.integers(len(functions)))])}


def delete_test(path: str, text: str, rng: np.random.Generator, read: Reader) -> Edits | None:
    """Delete one test function of the file's test module (the tests still pass)."""
    tests = test_path(path)
    suite = read(tests) if tests is not None else None
    tree = _parse(tests or "", suite or "")
    cases = [f for f in _functions(tree) if f.name.startswith("test_")] if tree else []
    if tests is None or suite is None or not cases:
        return None
    return {tests: _without(suite, cases[int(rng.integers(len(cases)))])}


REPERTOIRE = (
    Transform("add_helper_with_test", False, add_helper_with_test),
    Transform("add_docstring", False, add_docstring),
    Transform("rename_local", False, rename_local),
    Transform("add_untested_helper", True, add_untested_helper),
    Transform("tweak_constant", True, tweak_constant),
    Transform("drop_colon", True, drop_colon),
    Transform("duplicate_line", True, duplicate_line),
    Transform("remove_line", True, remove_line),
    Transform("delete_function", True, delete_function),
    Transform("delete_test", True, delete_test),
)
BY_NAME = {t.name: t for t in REPERTOIRE}
CAREFUL_RISK = 0.5
"""Relative weight of risky transforms after the agent read the file (safe ones weigh 1)."""


def draw_edit(
    path: str,
    text: str,
    rng: np.random.Generator,
    read: Reader,
    *,
    careful: bool = False,
    name: str | None = None,
) -> tuple[str, Edits] | None:
    """Draw a transform that applies to the file and apply it.

    Args:
        path: Normalised path of the file.
        text: Its current text.
        rng: Source of every choice.
        read: Reads another file of the tree (``None`` if it does not exist).
        careful: The agent read the file first: risky transforms are drawn half as often.
        name: Apply this transform (one of :data:`BY_NAME`) instead of drawing one.

    Returns:
        ``(transform name, {path: new text})``, or ``None`` if nothing applies.

    Raises:
        KeyError: ``name`` is not a transform of the repertoire.
    """
    if name is not None:
        edits = BY_NAME[name].apply(path, text, rng, read)
        return None if edits is None else (name, edits)
    weights = np.array([CAREFUL_RISK if careful and t.risky else 1.0 for t in REPERTOIRE])
    n = len(REPERTOIRE)
    order = rng.choice(n, size=n, replace=False, p=weights / weights.sum())
    for i in order:
        edits = REPERTOIRE[i].apply(path, text, rng, read)
        if edits is not None and any(read(p) != t for p, t in edits.items()):
            return REPERTOIRE[i].name, edits
    return None
