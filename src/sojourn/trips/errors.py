"""Errors the lifecycle services raise; each says what was wrong in words a person can act on."""

from __future__ import annotations

from django.utils.translation import gettext as _


class LifecycleError(Exception):
    """Base of every refusal by a service."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IllegalTransition(LifecycleError):
    """The edge does not exist from the trip's current state (HTTP 409)."""

    def __init__(self, action: str, status: str, allowed: list[str] | None = None) -> None:
        message = _("Cannot %(action)s this trip: it is %(status)s.") % {
            "action": action,
            "status": status,
        }
        if allowed:
            message += " " + _("That is only possible when it is %(states)s.") % {
                "states": " / ".join(allowed)
            }
        super().__init__(message)
        self.action = action
        self.status = status


class StaleVersion(LifecycleError):
    """The caller acted on an older copy of the trip (HTTP 409)."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            _(
                "This trip has changed since you opened it (your copy is version %(expected)s, "
                "it is now version %(current)s). Reload it and try again."
            )
            % {"expected": expected, "current": current}
        )
        self.expected = expected
        self.current = current


class NotAllowed(LifecycleError):
    """The actor may see the trip but their role cannot take this action (HTTP 403)."""


class InvalidInput(LifecycleError):
    """Input that cannot be accepted, with a message per field (HTTP 422)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {text}" for field, text in errors.items()))
        self.errors = errors
