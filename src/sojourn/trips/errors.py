"""Errors the lifecycle services raise; each says what was wrong in words a person can act on.

The refusals any service shares (not allowed, invalid input, conflict) are `sojourn.conf.errors`,
below every app; they are named here too for the trips' callers. Each error here names its own
object: a trip, or an invitation.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sojourn.conf.errors import Conflict, InvalidInput, LifecycleError, NotAllowed

__all__ = [
    "Conflict",
    "IllegalTransition",
    "InvalidInput",
    "InvitationDecided",
    "LifecycleError",
    "NotAllowed",
    "StaleVersion",
]


class IllegalTransition(Conflict):
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


class StaleVersion(Conflict):
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


class InvitationDecided(Conflict):
    """The invitation was accepted or declined already (HTTP 409)."""

    def __init__(self, decision: str) -> None:
        super().__init__(
            _("This invitation is already decided (%(decision)s).") % {"decision": decision}
        )
        self.decision = decision
