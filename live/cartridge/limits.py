"""Resource limits of one cartridge invocation and of a cartridge's KV store."""

from __future__ import annotations

from dataclasses import dataclass, fields

from colony_sim.errors import ConfigError

MIB = 1 << 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """What one call of a cartridge may consume; exceeding any of them fails only that call.

    Attributes:
        fuel: Wasm fuel per invocation (≈ instructions; ~1.8 G/s on the lab VMs).
        memory_bytes: Largest linear memory; ``memory.grow`` past it returns -1.
        timeout: Wall-clock seconds per invocation, enforced by epoch interruption.
        max_request_bytes: Largest request JSON handed to the guest.
        max_response_bytes: Largest body the guest may pass to ``response``.
        max_log_bytes: Log bytes kept per call; the rest is dropped (not a trap).
        max_key_bytes: Longest KV key; a longer one makes ``kv_set`` return -1.
        max_value_bytes: Longest KV value; a longer one makes ``kv_set`` return -1.
        max_keys: Most keys one cartridge may hold.
        max_kv_bytes: Most bytes (keys + values) one cartridge may hold.
    """

    fuel: int = 100_000_000
    memory_bytes: int = 64 * MIB
    timeout: float = 10.0
    max_request_bytes: int = 1 * MIB
    max_response_bytes: int = 1 * MIB
    max_log_bytes: int = 16 * 1024
    max_key_bytes: int = 256
    max_value_bytes: int = 64 * 1024
    max_keys: int = 1024
    max_kv_bytes: int = 1 * MIB

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"limits.{f.name}", f"must be a positive number, got {value!r}")
