"""The refusals every service shares, below every app: each says what was wrong in words a
person can act on. Errors about one kind of object live with that object and build on these,
naming it: a trip's illegal transition and stale version in `trips.errors`, a closed
escalation in `care.errors`, a filed debrief in `debriefs.errors`. The faces answer each family
with one status (`facekit.refusals.status_of`)."""

from __future__ import annotations


class LifecycleError(Exception):
    """Base of every refusal by a service."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(LifecycleError):
    """The actor may see the object but their role cannot take this action (HTTP 403)."""


class InvalidInput(LifecycleError):
    """Input that cannot be accepted, with a message per field (HTTP 422)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {text}" for field, text in errors.items()))
        self.errors = errors


class Conflict(LifecycleError):
    """The object's state refuses the action, or the caller acted on an older copy (HTTP 409)."""


class UnreadableValue(Exception):
    """A stored value that cannot be read back: sealed personal data whose key is missing or
    that was altered outside Sojourn (`sojourn.vault.seal.SealError`). Below every app, so that
    code beneath the vault (the audit trail's record check) can tell such a row apart."""
