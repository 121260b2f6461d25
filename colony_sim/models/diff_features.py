"""The 32 features of a code change, for :mod:`colony_sim.models.quality`.

The seed's ``diff_features.rs`` adapted from Rust to Python. Input is a unified diff
(``git diff`` / ``git diff --cached`` output) and optionally ``git diff --numstat``
text. ``norm(v, m) = min(v / m, 1)``. Patterns are matched in the *lower-cased added
lines* ("lines with": added lines that contain it; "occurrences": matches in added
lines). The seed counts some occurrences anywhere in the diff, removed lines included;
we count only what the change adds, so deleting a ``print(`` does not look like adding
one.

====  ===================================================================  ===========
col   feature                                                             normalised
====  ===================================================================  ===========
0     LOC added                                                           norm 500
1     LOC deleted                                                         norm 500
2     net LOC (added − deleted)                                           /500 signed
3     files touched                                                       norm 20
4     new files (``new file mode`` or ``--- /dev/null``; for numstat-only  norm 5
      files the seed's rule: 0 deleted, >0 added, no ``/`` or >20 added)
5     mostly-deleted files: deletions > 50% of the file's changed lines   norm 5
6     lines with ``def ``                                                 norm 10
7     import lines (``import x`` / ``from x import y``)                   norm 10
8     occurrences of ``eval(`` and ``exec(`` (seed: ``unsafe {``)         norm 5
9     lines with a bare or broad ``except`` (``except:``,                 norm 10
      ``except exception``, ``except baseexception``; seed: ``.unwrap()``)
10    occurrences of ``# type: ignore`` and ``# noqa`` (seed: ``.expect(``) norm 10
11    occurrences of ``todo`` and ``fixme`` (seed: ``todo!``)             norm 5
12    occurrences of ``notimplementederror`` (seed: ``unimplemented!``)   norm 5
13    occurrences of ``print(`` (seed: ``println!``)                      norm 5
14    lines with ``def test_`` (seed: ``#[test]``)                        norm 10
15    test files touched: under ``tests/``, ``test_*.py``, ``*_test.py``,  norm 3
      ``conftest.py`` (seed: ``#[cfg(test)]`` lines)
16    a packaging manifest is touched: ``pyproject.toml``, ``setup.py``,  0 / 1
      ``setup.cfg``, ``requirements*.txt``, ``environment.yml``
      (seed: ``cargo.toml``)
17    a protected path is touched (``protected`` prefixes, or ``..``)     0 / 1
      (seed: ``guard.rs`` / ``llm.rs``)
18    a junk file is touched: ``tmp.py``, ``temp.py``, ``scratch.py``,     0 / 1
      ``*.orig``, ``*.rej``, ``*.bak``
19    moved lines: added lines (stripped, > 10 chars) that are also       norm 50
      removed lines anywhere in the diff
20    comment ratio: added lines starting with ``#`` or a docstring       0–1
      quote, over added LOC (0 when nothing is added)
21    agent IQ / 150 (0 when unknown)                                     cap 1
22    agent fitness                                                       clamp 0–1
23    lines with ``class `` (seed: ``struct ``)                           norm 5
24    lines with ``assert`` (seed: ``impl ``)                             norm 10
25    decorator lines (start with ``@``) (seed: ``match ``)               norm 5
26    lines with a return annotation ``-> `` (seed: ``result<``)          norm 10
27    lines with ``optional[`` or ``| none`` (seed: ``option<``)          norm 5
28    lines with ``async def`` (seed: ``async fn``)                       norm 5
29    lines with ``yield`` (seed: ``.iter()``)                            norm 5
30    lines with ``lambda`` (seed: ``.map(``)                             norm 5
31    lines with ``with `` (context managers)                             norm 5
====  ===================================================================  ===========
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from colony_sim.models._validate import ModelInputError

N_FEATURES = 32
PROTECTED_PATHS = (
    "colony_sim/safety/",
    "colony_sim/payments.py",
    "colony_sim/errors.py",
    ".github/",
)
"""Default protected path prefixes (the analogue of the seed's ``guard.rs`` list)."""
FEATURE_NAMES = (
    "loc_added", "loc_deleted", "net_loc", "files_touched", "new_files", "mostly_deleted",
    "def_lines", "import_lines", "eval_exec", "broad_except", "suppressions", "todo",
    "not_implemented", "print", "test_defs", "test_files", "manifest_touched",
    "protected_touched", "junk_files", "moved_lines", "comment_ratio", "iq", "fitness",
    "class_lines", "assert_lines", "decorators", "return_annotations", "optional",
    "async_def", "yield", "lambda", "with",
)  # fmt: skip
_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "environment.yml")
_JUNK = ("tmp.py", "temp.py", "scratch.py")
_JUNK_SUFFIXES = (".orig", ".rej", ".bak")


@dataclass
class FileChange:
    """One file of a diff.

    Attributes:
        path: Path after the change (before it, for a deleted file).
        new: The diff creates the file.
        gone: The diff deletes the file.
        added: Added lines, without the leading ``+``.
        removed: Removed lines, without the leading ``-``.
    """

    path: str
    new: bool = False
    gone: bool = False
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _strip_prefix(path: str) -> str:
    path = path.strip().split("\t")[0]
    return path[2:] if path.startswith(("a/", "b/")) else path


def parse_diff(text: str) -> list[FileChange]:
    """Files of a unified diff, with their added and removed lines.

    Hunk headers' line counts decide where a hunk ends, so content lines that begin
    with ``---`` or ``+++`` are not mistaken for file headers.
    """
    if not isinstance(text, str):
        raise ModelInputError("diff", f"expected the diff as str, got {type(text).__name__}")
    files: list[FileChange] = []
    cur: FileChange | None = None
    old_left = new_left = 0
    for line in text.splitlines():
        if old_left > 0 or new_left > 0:
            tag, body = line[:1], line[1:]
            if tag == "+":
                cur.added.append(body)  # type: ignore[union-attr]
                new_left -= 1
            elif tag == "-":
                cur.removed.append(body)  # type: ignore[union-attr]
                old_left -= 1
            elif tag in (" ", ""):
                old_left, new_left = old_left - 1, new_left - 1
            continue  # "\ No newline at end of file" and the like
        if line.startswith("diff --git "):
            parts = line.split(" b/", 1)
            cur = FileChange(parts[1] if len(parts) == 2 else line.split()[-1])
            files.append(cur)
        elif line.startswith("--- "):
            if cur is None or cur.added or cur.removed:  # a plain `diff -u` file header
                cur = FileChange(_strip_prefix(line[4:]))
                files.append(cur)
            if line[4:].startswith("/dev/null"):
                cur.new = True
        elif line.startswith("+++ ") and cur is not None:
            target = line[4:]
            if target.startswith("/dev/null"):
                cur.gone = True
            else:
                cur.path = _strip_prefix(target)
        elif line.startswith("new file mode") and cur is not None:
            cur.new = True
        elif line.startswith("deleted file mode") and cur is not None:
            cur.gone = True
        elif (m := _HUNK.match(line)) and cur is not None:
            old_left = 1 if m.group(1) is None else int(m.group(1))
            new_left = 1 if m.group(2) is None else int(m.group(2))
    return files


def parse_numstat(text: str) -> list[tuple[int, int, str]]:
    """``(added, deleted, path)`` rows of ``git diff --numstat``; binary files count 0."""
    rows = []
    for i, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            raise ModelInputError(f"numstat line {i + 1}", "expected 'added<TAB>deleted<TAB>path'")
        try:
            added, deleted = (0 if p == "-" else int(p) for p in parts[:2])
        except ValueError:
            raise ModelInputError(
                f"numstat line {i + 1}", f"counts are not integers: {line!r}"
            ) from None
        rows.append((added, deleted, "\t".join(parts[2:])))
    return rows


def _norm(v: float, m: float) -> float:
    return min(v / m, 1.0)


def _is_test_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return (
        path.startswith("tests/")
        or "/tests/" in path
        or (name.startswith("test_") and name.endswith(".py"))
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def _is_manifest(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in _MANIFESTS or (name.startswith("requirements") and name.endswith(".txt"))


def _is_junk(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in _JUNK or name.endswith(_JUNK_SUFFIXES)


def _is_protected(path: str, protected: Sequence[str]) -> bool:
    clean = path.replace("\\", "/").lstrip("/")
    clean = clean[2:] if clean.startswith("./") else clean
    return ".." in clean.split("/") or any(clean.startswith(p) for p in protected)


def diff_features(
    diff: str,
    numstat: str | None = None,
    *,
    iq: float = math.nan,
    fitness: float = 0.5,
    protected: Sequence[str] = PROTECTED_PATHS,
) -> np.ndarray:
    """The 32 features (module docstring) of a change, float32 ``(32,)``.

    Args:
        diff: Unified diff text.
        numstat: ``git diff --numstat`` text; when given, the size features 0–5 come
            from it (it also counts files the textual diff shows as binary).
        iq: The agent's last measured IQ (NaN when unknown).
        fitness: The agent's fitness, 0–1.
        protected: Protected path prefixes.
    """
    files = parse_diff(diff)
    if numstat is not None:
        stats = parse_numstat(numstat)
    else:
        stats = [(len(f.added), len(f.removed), f.path) for f in files]
    by_path = {f.path: f for f in files}
    added = [line for f in files for line in f.added]
    low = [line.lower() for line in added]
    stripped = [line.strip() for line in low]
    removed = {line.strip() for f in files for line in f.removed}
    paths = [p for _, _, p in stats] or [f.path for f in files]

    def lines_with(*patterns: str) -> int:
        return sum(1 for line in low if any(p in line for p in patterns))

    def occurrences(*patterns: str) -> int:
        return sum(line.count(p) for line in low for p in patterns)

    def is_new(a: int, d: int, path: str) -> bool:
        if path in by_path:
            return by_path[path].new
        return d == 0 and a > 0 and ("/" not in path or a > 20)

    loc_added = sum(a for a, _, _ in stats)
    loc_deleted = sum(d for _, d, _ in stats)
    comments = sum(1 for s in stripped if s.startswith(("#", '"""', "'''")))
    moved = sum(1 for s in (line.strip() for line in added) if len(s) > 10 and s in removed)
    x = np.zeros(N_FEATURES, np.float32)
    x[0] = _norm(loc_added, 500)
    x[1] = _norm(loc_deleted, 500)
    x[2] = (loc_added - loc_deleted) / 500
    x[3] = _norm(len(stats), 20)
    x[4] = _norm(sum(is_new(a, d, p) for a, d, p in stats), 5)
    x[5] = _norm(sum(1 for a, d, _ in stats if d > 0.5 * (a + d)), 5)
    x[6] = _norm(lines_with("def "), 10)
    x[7] = _norm(
        sum(
            1
            for s in stripped
            if s.startswith("import ") or (s.startswith("from ") and " import " in s)
        ),
        10,
    )
    x[8] = _norm(occurrences("eval(", "exec("), 5)
    x[9] = _norm(lines_with("except:", "except exception", "except baseexception"), 10)
    x[10] = _norm(occurrences("# type: ignore", "# noqa"), 10)
    x[11] = _norm(occurrences("todo", "fixme"), 5)
    x[12] = _norm(occurrences("notimplementederror"), 5)
    x[13] = _norm(occurrences("print("), 5)
    x[14] = _norm(lines_with("def test_"), 10)
    x[15] = _norm(sum(_is_test_file(p) for p in paths), 3)
    x[16] = float(any(_is_manifest(p) for p in paths))
    x[17] = float(any(_is_protected(p, protected) for p in paths))
    x[18] = float(any(_is_junk(p) for p in paths))
    x[19] = _norm(moved, 50)
    x[20] = comments / len(added) if added else 0.0
    x[21] = 0.0 if math.isnan(iq) else min(max(iq, 0.0) / 150, 1.0)
    x[22] = min(max(fitness, 0.0), 1.0)
    x[23] = _norm(lines_with("class "), 5)
    x[24] = _norm(lines_with("assert"), 10)
    x[25] = _norm(sum(1 for s in stripped if s.startswith("@")), 5)
    x[26] = _norm(lines_with("-> "), 10)
    x[27] = _norm(lines_with("optional[", "| none"), 5)
    x[28] = _norm(lines_with("async def"), 5)
    x[29] = _norm(lines_with("yield"), 5)
    x[30] = _norm(lines_with("lambda"), 5)
    x[31] = _norm(lines_with("with "), 5)
    return x
