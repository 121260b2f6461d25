"""Loading our own pickles (checkpoints, agent exports) without running a stranger's code.

A pickle names the callables that rebuild its objects, and ``pickle.load`` imports and
calls whatever it names — ``os.system`` included. Checkpoints and ``.agent`` files are
plain data (dataclasses, dicts, lists, numpy arrays), so :func:`load` resolves only:

* dataclasses, NamedTuples and enums defined in ``colony_sim`` (no functions, no
  other classes);
* numpy's array and scalar reconstruction and its dtypes;
* a few builtin containers (``set``, ``frozenset``, ``complex``, ``slice``) and
  ``collections.deque`` / ``OrderedDict``.

Anything else is refused with :class:`pickle.UnpicklingError` naming the global (outside
``colony_sim``, before it is imported). This is the allow-list approach of the
:mod:`pickle` documentation ("Restricting Globals"); a hostile file fails to load.

Files are written by :func:`write` as ``MAGIC + sha256(body) + body`` and read by
:func:`read`, which checks the digest before unpickling anything: a flipped bit or a
truncated copy is refused as corrupt instead of resuming a colony with silently wrong
balances or weights. Whatever else is wrong with a file (hostile, garbage, a foreign
format) becomes one :class:`~colony_sim.errors.CheckpointError` naming the file; the body
is unpickled from memory, so a forged length cannot make the reader allocate more than
the file's size. Files written before the header existed (no ``MAGIC``) are still read,
through the same allow-list, without the digest check.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib
import io
import os
import pickle
from pathlib import Path
from typing import IO, Any

from colony_sim.errors import CheckpointError

MAGIC = b"colony-lab pickle v1\n"
"""First bytes of every file :func:`write` makes; a sha256 of the body follows."""

_NUMPY = {
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.numeric", "_frombuffer"),
}
_BUILTINS = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "complex"),
    ("builtins", "slice"),
    ("collections", "deque"),
    ("collections", "OrderedDict"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _NUMPY or (module, name) in _BUILTINS:
            return super().find_class(module, name)
        if module == "numpy.dtypes" and name.endswith("DType"):
            return super().find_class(module, name)
        if module == "colony_sim" or module.startswith("colony_sim."):
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and (
                dataclasses.is_dataclass(found)
                or issubclass(found, enum.Enum)
                or (issubclass(found, tuple) and hasattr(found, "_fields"))  # NamedTuple
            ):
                return found  # plain data only: no class whose constructor does work
        raise pickle.UnpicklingError(f"global {module}.{name} is not allowed in this file")


def load(fh: IO[bytes]) -> Any:
    """Unpickle ``fh``, resolving only the allowed globals (see the module docstring)."""
    return _Unpickler(fh).load()


def write(path: str | Path, obj: Any) -> Path:
    """Pickle ``obj`` to ``path`` atomically (temp file, fsync, rename), with its digest."""
    path = Path(path)
    body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("wb") as fh:
        fh.write(MAGIC + hashlib.sha256(body).digest() + body)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    return path


def read(path: str | Path, what: str) -> Any:
    """Load a file written by :func:`write` (or an older headerless one).

    Raises:
        CheckpointError: ``"<what>: <path> ..."`` if the file cannot be read, is corrupt
            (digest mismatch, truncated), or holds anything but allowed plain data.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CheckpointError(f"{what}: cannot read {path}: {exc.strerror}") from None
    if raw.startswith(MAGIC):
        digest, body = raw[len(MAGIC) : len(MAGIC) + 32], raw[len(MAGIC) + 32 :]
        if hashlib.sha256(body).digest() != digest:
            raise CheckpointError(f"{what}: {path} is corrupt (its checksum does not match)")
    elif raw.startswith(b"\x80"):  # a pickle written before the header existed
        body = raw
    else:
        raise CheckpointError(f"{what}: {path} is not a colony-lab file")
    try:
        return load(io.BytesIO(body))
    except Exception as exc:  # noqa: BLE001 - any failure to rebuild is a bad file
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise CheckpointError(f"{what}: cannot read {path}: {reason}") from None
