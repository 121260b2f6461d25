"""The Sandbox port on wasmtime: build, self-test and deploy real cartridges.

Mirrors :class:`colony_sim.sim.sandbox.SimSandbox`: ``build`` creates the cartridge (from a
template: the constructor's, or one chosen deterministically from the slug) and compiles
it; ``test`` runs its self-test; ``deploy`` re-runs the self-test and adds the slug to the
market. Durations are wall-clock seconds.
"""

from __future__ import annotations

import time
import zlib

from colony_sim.errors import ConfigError
from colony_sim.ports import Market, Outcome
from live.cartridge.errors import CartridgeError, CartridgeNotFound, CompileError
from live.cartridge.host_wasmtime import CartridgeHost
from live.cartridge.store import CartridgeStore
from live.cartridge.templates import TEMPLATES


def template_for(slug: str) -> str:
    """The template a slug gets when none is chosen: the same for the same slug, always."""
    names = sorted(TEMPLATES)
    return names[zlib.crc32(slug.encode()) % len(names)]


class WasmtimeSandbox:
    """Sandbox port over a :class:`CartridgeStore` and a :class:`CartridgeHost`.

    Args:
        store: Where cartridges are created and compiled.
        host: Runs self-tests (and later serves the deployed cartridges).
        market: Where a deployed cartridge starts earning.
        max_endpoints: Most endpoints the agent may serve.
        template: Template of every build; ``None`` picks one from the slug.
    """

    def __init__(
        self,
        store: CartridgeStore,
        host: CartridgeHost,
        market: Market,
        *,
        max_endpoints: int = 8,
        template: str | None = None,
    ) -> None:
        if template is not None and template not in TEMPLATES:
            raise ConfigError("template", f"{template!r} is not one of {sorted(TEMPLATES)}")
        self.store = store
        self.host = host
        self.market = market
        self.max_endpoints = max_endpoints
        self.template = template

    def build(self, slug: str) -> Outcome:
        """Create (if new) and compile ``slug``; ``value`` is the module's path."""
        t0 = time.perf_counter()
        try:
            if not self.store.exists(slug):
                self.store.create(slug, template=self.template or template_for(slug))
            path = self.store.compile(slug)
        except ConfigError as exc:
            return Outcome(False, "parse_error", time.perf_counter() - t0, str(exc))
        except CompileError as exc:
            return Outcome(False, "compile_error", time.perf_counter() - t0, str(exc))
        except CartridgeError as exc:
            return Outcome(False, "unknown", time.perf_counter() - t0, str(exc))
        return Outcome(True, None, time.perf_counter() - t0, str(path))

    def test(self, slug: str) -> Outcome:
        """Run ``slug``'s self-test; ``value`` is the reason when it failed."""
        t0 = time.perf_counter()
        try:
            if not self.store.is_built(slug):
                return Outcome(False, "file_not_found", time.perf_counter() - t0, "not built")
            verdict = self.store.test(slug, self.host)
        except (CartridgeNotFound, ConfigError) as exc:
            return Outcome(False, "file_not_found", time.perf_counter() - t0, str(exc))
        if not verdict.ok:
            return Outcome(False, "test_failure", time.perf_counter() - t0, verdict.reason)
        return Outcome(True, None, time.perf_counter() - t0)

    def deploy(self, slug: str) -> Outcome:
        """Serve ``slug`` if it is built and passes its self-test, within ``max_endpoints``."""
        t0 = time.perf_counter()
        served = list(self.market.endpoints())
        if slug in served:
            return Outcome(True, None, time.perf_counter() - t0, "already served")
        if len(served) >= self.max_endpoints:
            return Outcome(False, "endpoint_error", time.perf_counter() - t0, "too many endpoints")
        try:
            if not self.store.is_built(slug):
                return Outcome(False, "endpoint_error", time.perf_counter() - t0, "not built")
            verdict = self.store.test(slug, self.host)
        except (CartridgeError, ConfigError) as exc:
            return Outcome(False, "endpoint_error", time.perf_counter() - t0, str(exc))
        if not verdict.ok:
            return Outcome(False, "endpoint_error", time.perf_counter() - t0, verdict.reason)
        self.market.add_endpoint(slug)
        return Outcome(True, None, time.perf_counter() - t0)


WasmSandbox = WasmtimeSandbox
"""The name the issue uses; :class:`WasmtimeSandbox` follows the ``<Technology><Port>`` rule."""
