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
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import pickle
from typing import IO, Any

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
