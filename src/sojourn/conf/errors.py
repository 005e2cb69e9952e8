"""The refusals every service shares, below every app: each says what was wrong in words a
person can act on. Errors about one kind of object (a trip's illegal transition, its stale
version) live with that object and build on these."""

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
