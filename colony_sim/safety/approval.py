"""The human gate: an approval queue with approve / reject-with-reason.

Requests wait as PENDING until a human approves them or rejects them with a reason
(an empty reason is refused: a rejection must say what to change). Plain data, so it
can live in an agent's checkpointed state or behind a live HTTP endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from colony_sim.errors import ColonyError

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


@dataclass(slots=True)
class Request:
    """One action waiting for (or decided by) a human.

    Attributes:
        request_id: Sequential id within the queue.
        agent_id: Who asks.
        action: What it wants to do (e.g. ``"deploy"``).
        detail: What exactly (e.g. the cartridge slug).
        submitted_at: When it was queued (s).
        status: :data:`PENDING`, :data:`APPROVED` or :data:`REJECTED`.
        reason: The reviewer's reason (required for a rejection).
        decided_at: When it was decided (s).
    """

    request_id: int
    agent_id: str
    action: str
    detail: str
    submitted_at: float
    status: str = PENDING
    reason: str = ""
    decided_at: float | None = None


@dataclass
class ApprovalQueue:
    """Requests by id; decided ones are kept (the newest ``keep``) for the record."""

    requests: dict[int, Request] = field(default_factory=dict)
    next_id: int = 0
    keep: int = 50

    def submit(self, agent_id: str, action: str, detail: str, now: float) -> int:
        """Queue a request; returns its id."""
        rid = self.next_id
        self.next_id += 1
        self.requests[rid] = Request(rid, agent_id, action, detail, now)
        self._trim()
        return rid

    def pending(self) -> list[Request]:
        """Requests still waiting, oldest first."""
        return [r for r in self.requests.values() if r.status == PENDING]

    def approve(self, request_id: int, now: float, reason: str = "") -> Request:
        """Approve a pending request."""
        return self._decide(request_id, APPROVED, reason, now)

    def reject(self, request_id: int, reason: str, now: float) -> Request:
        """Reject a pending request; ``reason`` must say why.

        Raises:
            ColonyError: if the reason is empty or the request is not pending.
        """
        if not reason.strip():
            raise ColonyError("reason: a rejection must say why (non-empty reason)")
        return self._decide(request_id, REJECTED, reason, now)

    def status(self, request_id: int) -> str:
        """Status of a request."""
        return self._get(request_id).status

    def _get(self, request_id: int) -> Request:
        req = self.requests.get(request_id)
        if req is None:
            raise ColonyError(f"request_id: no request {request_id} in the queue")
        return req

    def _decide(self, request_id: int, status: str, reason: str, now: float) -> Request:
        req = self._get(request_id)
        if req.status != PENDING:
            raise ColonyError(f"request_id: request {request_id} was already {req.status}")
        req.status, req.reason, req.decided_at = status, reason, now
        return req

    def _trim(self) -> None:
        decided = [r for r in self.requests.values() if r.status != PENDING]
        for r in decided[: max(0, len(decided) - self.keep)]:
            del self.requests[r.request_id]
