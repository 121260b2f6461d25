"""Cartridges on disk: ``<root>/<slug>/`` with ``manifest.json``, the source and the module.

Lifecycle: :meth:`CartridgeStore.create` (from a template or a given source) →
:meth:`~CartridgeStore.compile` (source → ``cartridge.wasm``, checked against the host
ABI) → :meth:`~CartridgeStore.test` (one fixed request through a host, KV writes
discarded) → :meth:`~CartridgeStore.list`.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import wasmtime as wt

from colony_sim.errors import ConfigError
from live.cartridge import abi, toolchain
from live.cartridge.abi import CallResult, CartridgeRequest
from live.cartridge.errors import CartridgeError, CartridgeNotFound, CompileError
from live.cartridge.manifest import DEFAULT_PRICE, Manifest, check_slug
from live.cartridge.templates import TEMPLATES

if TYPE_CHECKING:
    from live.cartridge.host_wasmtime import CartridgeHost

log = logging.getLogger("live.cartridge")

MANIFEST = "manifest.json"
WASM = "cartridge.wasm"

_engine: wt.Engine | None = None
_engine_lock = threading.Lock()


def _validator() -> wt.Engine:
    """A plain engine to inspect compiled modules (created on first use, not at import)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = wt.Engine()
        return _engine


@dataclass(frozen=True, slots=True)
class SelfTest:
    """The verdict of a cartridge's self-test.

    Attributes:
        ok: The cartridge answered 2xx (and the expected body, if the manifest gives one).
        reason: Why it failed ("" when it passed).
        result: The call's result.
    """

    ok: bool
    reason: str
    result: CallResult


class CartridgeStore:
    """A directory of cartridges.

    Args:
        root: The directory (created if missing).
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def create(
        self,
        slug: str,
        *,
        template: str | None = "echo",
        source: str | None = None,
        language: str = "wat",
        price: int = DEFAULT_PRICE,
        description: str = "",
        expect_body: str | None = None,
    ) -> Manifest:
        """Create ``<root>/<slug>/`` from a template, or from ``source`` in ``language``.

        Raises:
            ConfigError: for an invalid slug, price, language or unknown template.
            CartridgeError: if ``slug`` already exists.
        """
        check_slug(slug)
        if source is None:
            if template not in TEMPLATES:
                raise ConfigError("template", f"{template!r} is not one of {sorted(TEMPLATES)}")
            tpl = TEMPLATES[template]
            manifest = Manifest(
                slug=slug, price=price, description=description or tpl.description,
                language="wat", test_body=tpl.test_body, expect_body=tpl.expect_body,
                template=tpl.name,
            )
            source = tpl.source
        else:
            manifest = Manifest(
                slug=slug, price=price, description=description, language=language,
                expect_body=expect_body,
            )
        folder = self.root / slug
        try:
            folder.mkdir()
        except FileExistsError:
            raise CartridgeError(f"slug: {slug!r} already exists; choose another") from None
        (folder / manifest.source_name).write_text(source)
        (folder / MANIFEST).write_text(manifest.to_json())
        return manifest

    def manifest(self, slug: str) -> Manifest:
        """The validated manifest of ``slug``.

        Raises:
            CartridgeNotFound: if there is no such cartridge.
            ConfigError: if its manifest is invalid (naming the field).
        """
        path = self.root / check_slug(slug) / MANIFEST
        try:
            text = path.read_text()
        except FileNotFoundError:
            raise CartridgeNotFound(slug) from None
        manifest = Manifest.from_json(text)
        if manifest.slug != slug:
            raise ConfigError("slug", f"manifest says {manifest.slug!r}, directory is {slug!r}")
        return manifest

    def exists(self, slug: str) -> bool:
        """Whether ``slug`` has a directory with a manifest."""
        return (self.root / slug / MANIFEST).is_file()

    def wasm_path(self, slug: str) -> Path:
        """Where ``slug``'s compiled module is (it may not exist yet)."""
        return self.root / check_slug(slug) / WASM

    def is_built(self, slug: str) -> bool:
        """Whether ``slug`` has a compiled module."""
        return self.wasm_path(slug).is_file()

    def compile(self, slug: str) -> Path:
        """Compile ``slug``'s source to ``cartridge.wasm`` and check it against the ABI.

        Raises:
            CartridgeNotFound: if there is no such cartridge.
            CompileError: if it does not compile, lacks ``memory`` or ``x402_handle``, or
                imports something the host does not provide.
        """
        manifest = self.manifest(slug)
        folder = self.root / slug
        tmp = folder / (WASM + ".tmp")
        try:
            wasm = toolchain.to_wasm(manifest.language, folder / manifest.source_name, tmp)
            check_module(slug, wasm)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, folder / WASM)  # atomic: a host never loads half a module
        return folder / WASM

    def test(self, slug: str, host: CartridgeHost) -> SelfTest:
        """Call ``slug`` once with its fixed self-test request (KV writes are discarded).

        Raises:
            CartridgeNotFound: if it does not exist or is not compiled.
        """
        manifest = self.manifest(slug)
        request = CartridgeRequest("POST", "/", manifest.test_body, {"x-self-test": "1"})
        result = host.call(slug, request, commit=False)
        if not result.ok:
            why = result.reason or f"status {result.status}"
            return SelfTest(False, f"self-test failed: {why}", result)
        expected = manifest.expect_body
        if expected is not None and result.body != expected.encode():
            got = result.body[:200].decode("utf-8", "replace")
            return SelfTest(False, f"self-test body {got!r} != expected {expected!r}", result)
        return SelfTest(True, "", result)

    def list(self) -> list[Manifest]:
        """Manifests of every valid cartridge, by slug (invalid ones are logged and skipped)."""
        found = []
        for folder in sorted(self.root.iterdir()):
            if (folder / MANIFEST).is_file():
                try:
                    found.append(self.manifest(folder.name))
                except (CartridgeError, ConfigError) as exc:
                    log.warning("cartridge %s skipped: %s", folder.name, exc)
        return found


def check_module(slug: str, wasm: bytes) -> None:
    """Refuse a module that lacks the guest exports or imports what the host lacks.

    Raises:
        CompileError: naming the missing export or the unknown import.
    """
    try:
        module = wt.Module(_validator(), wasm)
    except wt.WasmtimeError as exc:
        raise CompileError(f"{slug}: not a valid module: {exc}") from exc
    exports = {e.name: e.type for e in module.exports}
    if not isinstance(exports.get(abi.MEMORY_EXPORT), wt.MemoryType):
        raise CompileError(f"{slug}: the module must export its memory as 'memory'")
    if not isinstance(exports.get(abi.HANDLE_EXPORT), wt.FuncType):
        raise CompileError(f"{slug}: the module must export a function 'x402_handle'")
    provided = abi.import_names()
    for imp in module.imports:
        if (imp.module, imp.name) not in provided:
            extra = " (ABI v2 'call' is not provided by this host)" if (imp.name or "").endswith(
                "call") else ""
            raise CompileError(f"{slug}: imports {imp.module}.{imp.name}{extra}")
