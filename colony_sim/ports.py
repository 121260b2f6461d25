"""The ports: the only way an agent reaches the world.

The cognitive cycle (:mod:`colony_sim.agent`) is written once against these small
protocols. The simulation hands it the adapters in :mod:`colony_sim.sim`; the live half
hands it adapters backed by a chain, git, wasmtime and HTTP peers. Each port has a
contract test suite (``tests/contract``) that every adapter must pass.

Outcomes of actions are :class:`Outcome` values: success, an error category when it
failed, and the simulated (or wall-clock) seconds the action took.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, runtime_checkable

from colony_sim.payments import PaymentPayload, PaymentRequirements, SettleResponse, VerifyResponse

# Error categories, following the seed's brain outputs.
ERROR_CATEGORIES = (
    "compile_error",
    "test_failure",
    "file_not_found",
    "shell_error",
    "network_error",
    "protected_file",
    "endpoint_error",
    "git_error",
    "parse_error",
    "unsolvable",
    "unknown",
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Result of one action through a port.

    Attributes:
        ok: Whether the action succeeded.
        error: One of :data:`ERROR_CATEGORIES` when it failed, else ``None``.
        duration: Seconds the action took.
        value: Action-specific result (e.g. a measured IQ, a commit id).
    """

    ok: bool
    error: str | None = None
    duration: float = 0.0
    value: Any = None


class Pending(NamedTuple):
    """The workspace's uncommitted change, as the safety layers see it.

    Attributes:
        path: Normalised path of the changed file.
        added: Lines added.
        deleted: Lines deleted.
        file_lines: The file's length before the change.
        checked: Whether a check (build + tests) has passed since the change was made.
    """

    path: str
    added: int
    deleted: int
    file_lines: int
    checked: bool = False

    @property
    def change(self) -> tuple[str, int, int, int]:
        """``(path, added, deleted, file_lines)`` for the destruction guard."""
        return (self.path, self.added, self.deleted, self.file_lines)


@dataclass(frozen=True, slots=True)
class PaidRequest:
    """A request that arrived at one of the agent's endpoints with a payment attached.

    In the simulation the agent settles the payment itself when it polls; a live gateway
    settles before it serves (x402: no response without money), so its requests arrive
    with ``settlement`` already filled in and the agent must not settle them again.
    """

    endpoint: str
    payload: PaymentPayload
    requirements: PaymentRequirements
    settlement: SettleResponse | None = None


@runtime_checkable
class Clock(Protocol):
    """Time. Simulation: a ``simpy.Environment``; live: a real-time environment."""

    @property
    def now(self) -> float:
        """Current time in seconds."""
        ...

    def sleep_until(self, when: float) -> Any:
        """Return an event to ``yield`` that fires at absolute time ``when``."""
        ...


@runtime_checkable
class Ledger(Protocol):
    """The wallet and its facilitator: balances, signed payments, settlement."""

    network: str
    asset: str

    def balance_of(self, address: str) -> int:
        """Balance in atomic units."""
        ...

    def authorize(
        self,
        payer: str,
        requirements: PaymentRequirements,
        nonce: str,
        *,
        valid_after: int | None = None,
        valid_before: int | None = None,
    ) -> PaymentPayload:
        """Sign an "exact" payment from ``payer`` (a wallet this ledger holds a key for).

        The window defaults to ``[now − 600 s, now + maxTimeoutSeconds)``.
        """
        ...

    def verify(self, payload: PaymentPayload, requirements: PaymentRequirements) -> VerifyResponse:
        """Check a payment without moving money."""
        ...

    def settle(self, payload: PaymentPayload, requirements: PaymentRequirements) -> SettleResponse:
        """Verify and move the money, once; a replay is refused."""
        ...

    def transfer(self, payer: str, pay_to: str, amount: int, memo: str = "") -> str:
        """Move money directly (compute costs, endowments); returns a transaction id.

        Raises:
            InsufficientFunds: if ``payer`` cannot cover ``amount``.
        """
        ...


@runtime_checkable
class Market(Protocol):
    """Paid requests arriving at the agent's endpoints."""

    def price(self, endpoint: str) -> int:
        """Price of one request to ``endpoint`` in atomic units."""
        ...

    def poll(self, until: float) -> list[PaidRequest]:
        """Requests that arrived since the last poll, up to time ``until``."""
        ...

    def add_endpoint(self, endpoint: str) -> None:
        """Start serving ``endpoint``."""
        ...

    def endpoints(self) -> Sequence[str]:
        """Endpoints currently served."""
        ...


@runtime_checkable
class Workspace(Protocol):
    """The agent's own code: read, edit, check, commit on its ``vm/{id}`` branch."""

    def read(self, path: str) -> Outcome:
        """Read a file."""
        ...

    def edit(self, path: str) -> Outcome:
        """Change a file (the change may be good or bad; only checks tell)."""
        ...

    def check(self) -> Outcome:
        """Build and test the pending change."""
        ...

    def commit(self, message: str, branch: str = "") -> Outcome:
        """Commit the pending change on ``branch`` (the agent's ``vm/{id}``).

        ``Outcome.value`` is the commit's id (the sim: the branch) when a commit landed —
        even one whose checks then fail — and ``None`` when nothing was committed.
        """
        ...

    def revert(self) -> None:
        """Discard the pending change (a safety layer refused it)."""
        ...

    def pending(self) -> Pending | None:
        """The uncommitted change, or ``None`` when there is none."""
        ...

    def quality(self) -> float:
        """Current code quality, 1.0 = baseline."""
        ...


@runtime_checkable
class Sandbox(Protocol):
    """Build and run cartridges (WASM apps) under fuel and memory limits."""

    def build(self, slug: str) -> Outcome:
        """Create and compile a cartridge."""
        ...

    def test(self, slug: str) -> Outcome:
        """Run a built cartridge's self-test."""
        ...

    def deploy(self, slug: str) -> Outcome:
        """Serve a built cartridge as a paid endpoint."""
        ...


@runtime_checkable
class Bench(Protocol):
    """The coding-IQ benchmark: tests the agent did not write."""

    def run(self, n_problems: int) -> Outcome:
        """Attempt ``n_problems`` sampled problems; ``Outcome.value`` is the IQ estimate."""
        ...


@runtime_checkable
class Peers(Protocol):
    """Exchange of cognitive state with other agents."""

    def publish(self, sender: str, topic: str, state: Any) -> None:
        """Offer ``state`` under ``topic`` to peers."""
        ...

    def sample(self, receiver: str, topic: str, k: int) -> list[tuple[str, Any]]:
        """Up to ``k`` (peer id, state) pairs published by other agents under ``topic``."""
        ...

    def withdraw(self, sender: str) -> None:
        """Remove everything ``sender`` published (it died or left)."""
        ...


@dataclass(slots=True)
class PortBundle:
    """Everything an agent may touch."""

    clock: Clock
    ledger: Ledger
    market: Market
    workspace: Workspace
    sandbox: Sandbox
    bench: Bench
    peers: Peers
