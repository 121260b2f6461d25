"""One exception hierarchy for the whole lab.

Every error a user can cause names the field at fault and says what to do instead.
"""

from __future__ import annotations


class ColonyError(Exception):
    """Base class of every error raised on purpose by the lab."""


class ConfigError(ColonyError, ValueError):
    """A configuration value is missing, unknown, of the wrong type or out of range.

    Attributes:
        field: Dotted name of the offending field (e.g. ``"economy.price"``).
        reason: Why the value was refused, phrased so the user can fix it.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class PaymentError(ColonyError):
    """A payment was refused by the facilitator rules.

    Attributes:
        reason: Machine-readable x402 error reason (e.g. ``"invalid_nonce"``).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class InsufficientFunds(PaymentError):
    """A wallet cannot cover a payment or a compute cost."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("insufficient_funds", detail)


class CheckpointError(ColonyError):
    """A checkpoint file is missing, corrupt or from an incompatible version."""


class NotSupported(ColonyError):
    """An adapter cannot provide an operation of its port."""
