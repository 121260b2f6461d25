"""Errors of the cartridge package; each message says what to do instead."""

from __future__ import annotations

from colony_sim.errors import ColonyError


class CartridgeError(ColonyError):
    """A cartridge operation was refused."""


class CartridgeNotFound(CartridgeError):
    """No cartridge (or no compiled module) exists under this slug.

    Attributes:
        slug: The slug that was looked up.
    """

    def __init__(self, slug: str, detail: str = "") -> None:
        self.slug = slug
        super().__init__(f"no cartridge {slug!r}" + (f": {detail}" if detail else ""))


class CompileError(CartridgeError):
    """A cartridge's source did not compile to a module the host accepts.

    Attributes:
        hint: What to do about it (e.g. which toolchain to install).
    """

    def __init__(self, message: str, hint: str = "") -> None:
        self.hint = hint
        super().__init__(f"{message} ({hint})" if hint else message)
