"""Peer messages on the wire: a ``Mind.offer()`` as JSON, and back, exactly.

A peer is another process, possibly hostile, so decoding trusts nothing: every value is
type- and size-checked, and any defect raises one :class:`PeerMessageError` naming the
field path (``offers[0].state.brain.w1.shape``) and the reason. No pickle, no eval.

* Arrays travel as ``{"dtype": "float32"|"float64", "shape": [...], "data": base64}``
  (little-endian C order); a decoded array is bit-identical, same dtype and shape.
* The ``"mind"`` topic carries the structured offer (brain, templates, trails with
  ``(goal, steps)`` keys, rules, cortex tables, planner); other topics carry plain JSON
  (``None``, bools, ints, finite floats, strings, lists, dicts with ``str`` keys).
* A page (``GET /peer/{topic}``) is ``{"v": 1, "node": id, "topic": t, "offers":
  [{"sender": id, "state": ...}]}``.

Semantic checks (a brain tensor's shape against ours, trails ≥ 0, known step kinds)
stay with :meth:`colony_sim.cognition.mind.Mind.absorb`, which refuses with a reason too.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from colony_sim.cognition.genesis import Template
from colony_sim.errors import ColonyError
from colony_sim.export import weights_hash  # noqa: F401 - re-exported: one hash everywhere

MIND_TOPIC = "mind"
VERSION = 1
DTYPES = ("float32", "float64")
MAX_ELEMENTS = 4_000_000
MAX_DIMS = 8
MAX_TENSORS = 64
MAX_ITEMS = 4_096
MAX_OFFERS = 256
MAX_TEXT = 256
MAX_DEPTH = 32
_OFFER_KEYS = ("fitness", "brain", "templates", "trails", "rules", "cortex", "planner")
_TEMPLATE_KEYS = ("goal", "steps", "uses", "wins", "generation", "source", "prior")


class PeerMessageError(ColonyError, ValueError):
    """A peer message (or a local state to send) is malformed; it is never merged.

    Attributes:
        field: Path of the offending value, e.g. ``"offers[0].state.brain.w1"``.
        reason: Why it was refused.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


# -- bytes <-> JSON -------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise PeerMessageError("$", f"{name} is not JSON")


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def nesting(raw: bytes) -> int:
    """Deepest ``[``/``{`` nesting of JSON text, strings skipped (vectorised, O(n))."""
    code = np.frombuffer(_STRING.sub(b'""', raw), np.uint8)
    step = ((code == 91) | (code == 123)).astype(np.int32)  # [ {
    step -= (code == 93) | (code == 125)  # ] }
    return int(np.cumsum(step, dtype=np.int32).max(initial=0))


def loads(raw: bytes) -> Any:
    """Parse strict JSON (no NaN/Infinity); any failure is a :class:`PeerMessageError`.

    Nesting is measured before parsing: the C parser recurses once per level and a
    depth bomb can overflow a thread's stack (a crash, not an exception) when the
    interpreter's recursion limit has been raised.
    """
    if not isinstance(raw, bytes | bytearray):
        raise PeerMessageError("$", f"expected bytes, got {type(raw).__name__}")
    if nesting(raw) > 2 * MAX_DEPTH:
        raise PeerMessageError("$", "nested too deeply")
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except PeerMessageError:
        raise
    except RecursionError:
        raise PeerMessageError("$", "nested too deeply") from None
    except (ValueError, TypeError) as exc:  # JSONDecodeError, UnicodeDecodeError, huge ints
        raise PeerMessageError("$", f"not JSON: {str(exc)[:80]}") from None


def dumps(obj: Any) -> bytes:
    """Compact strict JSON bytes (NaN and Infinity are refused, not written)."""
    try:
        return json.dumps(obj, allow_nan=False, separators=(",", ":")).encode()
    except (ValueError, TypeError) as exc:
        raise PeerMessageError("$", f"cannot be sent as JSON: {exc}") from None


# -- scalars --------------------------------------------------------------------------


def _dict(obj: Any, field: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise PeerMessageError(field, f"expected an object, got {type(obj).__name__}")
    for k in keys:
        if k not in obj:
            raise PeerMessageError(f"{field}.{k}", "missing")
    extra = sorted(str(k)[:MAX_TEXT] for k in obj if k not in keys)
    if extra:
        raise PeerMessageError(f"{field}.{extra[0]}", "unexpected key")
    return obj


def _list(obj: Any, field: str, max_len: int = MAX_ITEMS) -> list[Any]:
    if not isinstance(obj, list):
        raise PeerMessageError(field, f"expected a list, got {type(obj).__name__}")
    if len(obj) > max_len:
        raise PeerMessageError(field, f"{len(obj)} items, more than {max_len}")
    return obj


def _int(obj: Any, field: str, low: int = 0, high: int = 2**31) -> int:
    if not isinstance(obj, int) or isinstance(obj, bool):
        raise PeerMessageError(field, f"expected an integer, got {type(obj).__name__}")
    if not low <= obj <= high:
        raise PeerMessageError(field, f"{obj} outside [{low}, {high}]")
    return obj


def _float(obj: Any, field: str) -> float:
    if not isinstance(obj, int | float) or isinstance(obj, bool):
        raise PeerMessageError(field, f"expected a number, got {type(obj).__name__}")
    if not math.isfinite(obj):
        raise PeerMessageError(field, "NaN or Inf")
    return float(obj)


def _text(obj: Any, field: str) -> str:
    if not isinstance(obj, str):
        raise PeerMessageError(field, f"expected a string, got {type(obj).__name__}")
    if len(obj) > MAX_TEXT:
        raise PeerMessageError(field, f"string longer than {MAX_TEXT}")
    return obj


def _floats(obj: Any, field: str) -> list[float]:
    return [_float(v, f"{field}[{i}]") for i, v in enumerate(_list(obj, field))]


def _ints(obj: Any, field: str) -> tuple[int, ...]:
    return tuple(_int(v, f"{field}[{i}]", 0, 1_000) for i, v in enumerate(_list(obj, field, 64)))


# -- arrays ---------------------------------------------------------------------------


def encode_array(a: np.ndarray, field: str = "array") -> dict[str, Any]:
    """``{"dtype", "shape", "data"}`` of ``a`` (float32 or float64, any shape).

    A NumPy scalar (what a bank's 0-d tensor exports as) is sent as shape ``[]`` and
    comes back as a 0-d array of the same dtype and bits.
    """
    if not isinstance(a, np.ndarray | np.generic) or a.dtype.name not in DTYPES:
        raise PeerMessageError(field, f"expected a float32/float64 array, got {type(a).__name__}")
    raw = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes()
    return {"dtype": a.dtype.name, "shape": list(a.shape), "data": base64.b64encode(raw).decode()}


def decode_array(obj: Any, field: str = "array", *, finite: bool = True) -> np.ndarray:
    """The array ``obj`` encodes; refuses unknown dtypes, absurd sizes, NaN (if ``finite``)."""
    d = _dict(obj, field, ("dtype", "shape", "data"))
    if d["dtype"] not in DTYPES:
        raise PeerMessageError(f"{field}.dtype", f"{str(d['dtype'])[:32]!r} not in {DTYPES}")
    shape = tuple(
        _int(n, f"{field}.shape[{i}]", 0, MAX_ELEMENTS)
        for i, n in enumerate(_list(d["shape"], f"{field}.shape", MAX_DIMS))
    )
    count = math.prod(shape)
    if count > MAX_ELEMENTS:
        raise PeerMessageError(f"{field}.shape", f"{count} elements, more than {MAX_ELEMENTS}")
    dtype = np.dtype(d["dtype"])
    size = count * dtype.itemsize
    data = d["data"]
    if not isinstance(data, str) or len(data) > 4 * (size // 3 + 1) + 4:
        raise PeerMessageError(f"{field}.data", f"not base64 of {size} bytes")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise PeerMessageError(f"{field}.data", "not valid base64") from None
    if len(raw) != size:
        raise PeerMessageError(f"{field}.data", f"{len(raw)} bytes for shape {shape} ({size})")
    a = np.frombuffer(raw, dtype=dtype.newbyteorder("<")).reshape(shape).astype(dtype)
    if finite and not np.isfinite(a).all():
        raise PeerMessageError(field, "contains NaN or Inf")
    return a


def _tensors(obj: Any, field: str, decode: bool) -> dict[str, Any] | None:
    if obj is None:
        return None
    if not isinstance(obj, dict) or len(obj) > MAX_TENSORS:
        raise PeerMessageError(field, f"expected a map of at most {MAX_TENSORS} arrays or null")
    out = {}
    for name, a in obj.items():
        key = _text(name, f"{field} key")
        code = decode_array if decode else encode_array
        out[key] = code(a, f"{field}.{key}")
    return out


# -- a mind offer ---------------------------------------------------------------------


def encode_offer(offer: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-safe form of a :meth:`Mind.offer` dict."""
    field = "state"
    wins, tries = offer["cortex"]
    trails = []
    for key, value in offer["trails"].items():
        goal, steps = key
        trails.append([goal, list(steps), float(value)])
    return {
        "fitness": _float(offer["fitness"], f"{field}.fitness"),
        "brain": _tensors(offer["brain"], f"{field}.brain", decode=False),
        "templates": [
            {
                "goal": t.goal,
                "steps": list(t.steps),
                "uses": t.uses,
                "wins": t.wins,
                "generation": t.generation,
                "source": t.source,
                "prior": t.prior,
            }
            for t in offer["templates"]
        ],
        "trails": trails,
        "rules": [list(r) for r in offer["rules"]],
        "cortex": [list(wins), list(tries)],
        "planner": _tensors(offer["planner"], f"{field}.planner", decode=False),
    }


def _template(obj: Any, field: str) -> Template:
    d = _dict(obj, field, _TEMPLATE_KEYS)
    return Template(
        _text(d["goal"], f"{field}.goal"),
        _ints(d["steps"], f"{field}.steps"),
        _int(d["uses"], f"{field}.uses"),
        _int(d["wins"], f"{field}.wins"),
        _int(d["generation"], f"{field}.generation"),
        source=_text(d["source"], f"{field}.source"),
        prior=_float(d["prior"], f"{field}.prior"),
    )


def decode_offer(obj: Any, field: str = "state") -> dict[str, Any]:
    """The :meth:`Mind.offer` dict that ``obj`` encodes (templates, tuple keys restored)."""
    d = _dict(obj, field, _OFFER_KEYS)
    trails: dict[tuple[str, tuple[int, ...]], float] = {}
    for i, edge in enumerate(_list(d["trails"], f"{field}.trails")):
        at = f"{field}.trails[{i}]"
        if not isinstance(edge, list) or len(edge) != 3:
            raise PeerMessageError(at, "expected [goal, steps, intensity]")
        trails[(_text(edge[0], f"{at}[0]"), _ints(edge[1], f"{at}[1]"))] = _float(edge[2], at)
    rules = []
    for i, rule in enumerate(_list(d["rules"], f"{field}.rules")):
        pair = _ints(rule, f"{field}.rules[{i}]")
        if len(pair) != 2:
            raise PeerMessageError(f"{field}.rules[{i}]", "expected a pair of step kinds")
        rules.append(pair)
    cortex = _list(d["cortex"], f"{field}.cortex", 2)
    if len(cortex) != 2:
        raise PeerMessageError(f"{field}.cortex", "expected [wins, tries]")
    return {
        "fitness": _float(d["fitness"], f"{field}.fitness"),
        "brain": _tensors(d["brain"], f"{field}.brain", decode=True),
        "templates": [
            _template(t, f"{field}.templates[{i}]")
            for i, t in enumerate(_list(d["templates"], f"{field}.templates", 64))
        ],
        "trails": trails,
        "rules": rules,
        "cortex": (
            _floats(cortex[0], f"{field}.cortex[0]"),
            _floats(cortex[1], f"{field}.cortex[1]"),
        ),
        "planner": _tensors(d["planner"], f"{field}.planner", decode=True),
    }


# -- any topic ------------------------------------------------------------------------


def _plain(obj: Any, field: str, depth: int = 0) -> Any:
    """``obj`` if it is plain JSON that comes back equal; else :class:`PeerMessageError`."""
    if depth > MAX_DEPTH:
        raise PeerMessageError(field, f"nested deeper than {MAX_DEPTH}")
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, int):
        return _int(obj, field, -(2**63), 2**63)
    if isinstance(obj, float):
        return _float(obj, field)
    if isinstance(obj, list):
        return [_plain(v, f"{field}[{i}]", depth + 1) for i, v in enumerate(_list(obj, field))]
    if isinstance(obj, dict):
        if len(obj) > MAX_ITEMS:
            raise PeerMessageError(field, f"more than {MAX_ITEMS} keys")
        for k in obj:
            if not isinstance(k, str):
                raise PeerMessageError(field, f"key {k!r} is not a string")
        return {k: _plain(v, f"{field}.{k[:MAX_TEXT]}", depth + 1) for k, v in obj.items()}
    raise PeerMessageError(field, f"{type(obj).__name__} is not plain JSON")


def encode_state(topic: str, state: Any) -> Any:
    """Wire form of ``state`` published under ``topic``."""
    return encode_offer(state) if topic == MIND_TOPIC else _plain(state, "state")


def decode_state(topic: str, obj: Any, field: str = "state") -> Any:
    """The state ``obj`` encodes under ``topic``."""
    return decode_offer(obj, field) if topic == MIND_TOPIC else _plain(obj, field)


def encode_page(node: str, topic: str, offers: list[tuple[str, Any]]) -> dict[str, Any]:
    """A node's answer to ``GET /peer/{topic}``: already-encoded states by sender."""
    return {
        "v": VERSION,
        "node": node,
        "topic": topic,
        "offers": [{"sender": s, "state": state} for s, state in offers],
    }


def decode_page(raw: bytes, topic: str) -> tuple[str, list[tuple[str, Any]]]:
    """The node id and decoded (sender, state) pairs of a page; refuses the whole page."""
    d = _dict(loads(raw), "$", ("v", "node", "topic", "offers"))
    if d["v"] != VERSION:
        raise PeerMessageError("v", f"version {str(d['v'])[:16]}, expected {VERSION}")
    node = _text(d["node"], "node")
    if d["topic"] != topic:
        raise PeerMessageError("topic", f"asked for {topic!r}")
    out = []
    for i, item in enumerate(_list(d["offers"], "offers", MAX_OFFERS)):
        o = _dict(item, f"offers[{i}]", ("sender", "state"))
        out.append(
            (
                _text(o["sender"], f"offers[{i}].sender"),
                decode_state(topic, o["state"], f"offers[{i}].state"),
            )
        )
    return node, out
