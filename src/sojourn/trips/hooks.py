"""What domains above trips hear when a trip moves.

Trips sit below care, debriefs and directives and import none of them. A domain that must act
when a trip takes an edge (care opens the follow-up of a late report and closes the escalations
a trip's end makes moot) registers a listener here at start-up, in its AppConfig.ready. The
lifecycle services call `moved` inside their transaction, with the trip row locked, so what a
listener writes commits or rolls back with the move.

Invitations have hooks of their own (`invitation_moved`): a contact register reads who invited,
screening records what it found in them, as an invitation is recorded.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import User

from sojourn.trips.models import Invitation, Trip

Action = Literal["submitted", "decided", "withdrawn", "cancelled", "returned", "debrief_submitted"]


@dataclass(frozen=True)
class Moved:
    trip: Trip
    action: Action
    now: datetime.datetime
    # None when the system moved the trip (the worker, at the end of the last leg).
    actor: User | None
    # What the edge carried, for the record: the decision taken, for "decided".
    detail: str = ""


Listener = Callable[[Moved], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Register a listener (once: registering it again changes nothing)."""
    if listener not in _listeners:
        _listeners.append(listener)


def moved(
    trip: Trip,
    action: Action,
    *,
    now: datetime.datetime,
    actor: User | None,
    detail: str = "",
) -> None:
    """Tell every listener, in the order they registered."""
    event = Moved(trip=trip, action=action, now=now, actor=actor, detail=detail)
    for listener in _listeners:
        listener(event)


InvitationAction = Literal["recorded", "accepted", "declined"]


@dataclass(frozen=True)
class InvitationMoved:
    invitation: Invitation
    action: InvitationAction
    now: datetime.datetime
    actor: User


InvitationListener = Callable[[InvitationMoved], None]
_invitation_listeners: list[InvitationListener] = []


def listen_invitations(listener: InvitationListener) -> None:
    """Register a listener of invitations (once: registering it again changes nothing)."""
    if listener not in _invitation_listeners:
        _invitation_listeners.append(listener)


def invitation_moved(
    invitation: Invitation, action: InvitationAction, *, now: datetime.datetime, actor: User
) -> None:
    """Tell every listener of invitations, in the order they registered, inside the caller's
    transaction."""
    event = InvitationMoved(invitation=invitation, action=action, now=now, actor=actor)
    for listener in _invitation_listeners:
        listener(event)
