"""Automatic AST mutation of reference solutions.

Every function here is pure: it takes source text and returns new source text.
A mutant changes exactly one syntactic site of the original program:

* arithmetic operator swaps (``+``/``-``, ``*``/``//``, ``%``/``//`` ...),
* comparison boundary flips (``<``/``<=``, ``>``/``>=``, ``==``/``!=``,
  ``in``/``not in``, ``is``/``is not``),
* boolean connective swaps (``and``/``or``) and removal of ``not``,
* off-by-one on integer constants (``k`` -> ``k + 1`` and ``k`` -> ``k - 1``),
* ``True``/``False`` swaps,
* augmented-assignment swaps (``+=``/``-=``),
* return-value tweaks (``return expr`` -> ``return None``; returned literals
  are covered by the constant operators),
* dropping ``break``/``continue`` (replaced by ``pass``).

Each mutant is described as ``"L<line>:<col> <what>"``; the description is
stable for a given source and is what ``equivalent_mutants`` lists refer to.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Iterator
from typing import NamedTuple

_BINOP_SWAPS: dict[type, type] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.BitXor: ast.BitOr,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
    ast.Pow: ast.Mult,
}
_CMP_SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_SYMBOLS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Div: "/",
    ast.Mod: "%", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
    ast.RShift: ">>", ast.Pow: "**", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
    ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in",
    ast.Is: "is", ast.IsNot: "is not", ast.And: "and", ast.Or: "or",
}


class Mutant(NamedTuple):
    """One automatically generated mutant."""

    description: str
    source: str


def _replace(node: ast.AST, new: ast.AST, parents: dict[int, tuple[ast.AST, str, int | None]]):
    parent, field, index = parents[id(node)]
    if index is None:
        setattr(parent, field, new)
    else:
        getattr(parent, field)[index] = new


def _parents(tree: ast.AST) -> dict[int, tuple[ast.AST, str, int | None]]:
    out: dict[int, tuple[ast.AST, str, int | None]] = {}
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for i, child in enumerate(value):
                    if isinstance(child, ast.AST):
                        out[id(child)] = (parent, field, i)
            elif isinstance(value, ast.AST):
                out[id(value)] = (parent, field, None)
    return out


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Ids of nodes never mutated: docstrings, annotations, ``__main__`` guards."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign):
            mark(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            mark(node.returns)
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            mark(node)
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                mark(body[0])
    return skip


def _node_sites(node: ast.AST) -> Iterator[tuple[str, Callable[..., None]]]:
    """Yield ``(what, edit)`` pairs for one node; ``edit(copy, parents)`` applies it.

    ``copy`` is the same kind of node as ``node`` (so typed ``Any`` in the edits).
    """
    if isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _BINOP_SWAPS:
        new_op = _BINOP_SWAPS[type(node.op)]
        what = f"'{_SYMBOLS[type(node.op)]}' -> '{_SYMBOLS[new_op]}'"
        yield what, lambda n, _p, op=new_op: setattr(n, "op", op())
    elif isinstance(node, ast.BoolOp):
        new_op = ast.Or if isinstance(node.op, ast.And) else ast.And
        what = f"'{_SYMBOLS[type(node.op)]}' -> '{_SYMBOLS[new_op]}'"
        yield what, lambda n, _p, op=new_op: setattr(n, "op", op())
    elif isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            new_op = _CMP_SWAPS[type(op)]
            what = f"'{_SYMBOLS[type(op)]}' -> '{_SYMBOLS[new_op]}'" + (f" #{i}" if i else "")
            yield what, lambda n, _p, i=i, op=new_op: n.ops.__setitem__(i, op())
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        what = "drop 'not'" if isinstance(node.op, ast.Not) else "drop unary '-'"
        yield what, lambda n, p: _replace(n, n.operand, p)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield f"{node.value} -> {not node.value}", lambda n, _p: setattr(n, "value", not n.value)
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        for delta in (1, -1):
            what = f"{node.value} -> {node.value + delta}"
            yield what, lambda n, _p, d=delta: setattr(n, "value", n.value + d)
    elif isinstance(node, ast.Return) and node.value is not None:
        if not isinstance(node.value, ast.Constant):  # literals are mutated in place
            yield "return None", lambda n, _p: setattr(n, "value", ast.Constant(None))
    elif isinstance(node, ast.Break | ast.Continue):
        what = f"drop '{type(node).__name__.lower()}'"
        yield what, lambda n, p: _replace(n, ast.Pass(), p)


def generate_mutants(source: str) -> list[Mutant]:
    """Generate single-site AST mutants of ``source``.

    Args:
        source: Python source text of a reference solution.

    Returns:
        Mutants in source order, deduplicated by resulting source; mutants whose
        unparsed source equals the original are dropped.
    """
    tree = ast.parse(source)
    original = ast.unparse(tree)
    skip = _skipped_nodes(tree)
    nodes = list(ast.walk(tree))
    sites: list[tuple[int, int, str, int, int]] = []
    for index, node in enumerate(nodes):
        if id(node) in skip:
            continue
        for k, (what, _edit) in enumerate(_node_sites(node)):
            line, col = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
            sites.append((line, col, what, index, k))
    sites.sort()

    mutants: list[Mutant] = []
    seen = {original}
    for line, col, what, index, k in sites:
        clone = copy.deepcopy(tree)
        target = list(ast.walk(clone))[index]
        edit = list(_node_sites(target))[k][1]
        edit(target, _parents(clone))
        ast.fix_missing_locations(clone)
        try:
            mutated = ast.unparse(clone)
            compile(mutated, "<mutant>", "exec")
        except (SyntaxError, ValueError):
            continue
        if mutated in seen:
            continue
        seen.add(mutated)
        mutants.append(Mutant(f"L{line}:{col} {what}", mutated + "\n"))
    return mutants


def sample_mutants(mutants: list[Mutant], limit: int | None) -> list[Mutant]:
    """Pick at most ``limit`` mutants spread evenly over the list (deterministic).

    Args:
        mutants: Mutants in source order.
        limit: Maximum number to keep; ``None`` or a non-positive value keeps all.

    Returns:
        The selected mutants, still in source order.
    """
    if limit is None or limit <= 0 or len(mutants) <= limit:
        return list(mutants)
    step = len(mutants) / limit
    return [mutants[int(i * step)] for i in range(limit)]
