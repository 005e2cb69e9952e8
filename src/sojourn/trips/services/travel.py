"""Travelling: departure, return, the briefing, late-report follow-up, itinerary changes."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.notify.services import Message, notify
from sojourn.people.today import today_of
from sojourn.trips import hooks, permissions
from sojourn.trips.errors import IllegalTransition, InvalidInput, StaleVersion
from sojourn.trips.models import Trip
from sojourn.trips.services.core import (
    DEFAULT_DEBRIEF_DAYS,
    S,
    _lock,
    _move,
    _next_checkin,
    _require,
    refresh_dates,
)


@transaction.atomic
def depart(
    trip: Trip,
    *,
    actor: User | None,
    now: datetime.datetime,
    version: int | None = None,
) -> Trip:
    """Approved → in progress: by the traveller, or by the worker (actor None) on the start date."""
    trip = _lock(trip, "depart", version)
    _require(
        actor is None or permissions.is_traveller(actor, trip),
        _("Only the traveller (or the system on the departure date) marks a departure."),
    )
    mark_departed(trip, now)
    _move(
        trip,
        S.IN_PROGRESS,
        actor=actor,
        action="departed",
        now=now,
        fields=("departed_at", "checkin_due_at"),
    )
    notify([trip.traveller], kind="trip.departed", trip=trip, now=now, message=safe_travels(trip))
    return trip


def mark_departed(trip: Trip, now: datetime.datetime) -> None:
    """What a departure sets on the trip (by the traveller, or by the worker for many)."""
    trip.departed_at = now
    trip.checkin_due_at = _next_checkin(trip, now)


def safe_travels(trip: Trip) -> Message:
    hours = (trip.assessment or {}).get("checkin_hours")
    return lambda: (
        _("Safe travels: %(title)s") % {"title": trip.title},
        _("Check in every %(hours)s hours while you are away.") % {"hours": hours}
        if hours
        else _("Your trip has begun."),
    )


@transaction.atomic
def return_home(
    trip: Trip,
    *,
    actor: User | None,
    now: datetime.datetime,
    version: int | None = None,
) -> Trip:
    trip = _lock(trip, "return_home", version)
    _require(
        actor is None or permissions.is_traveller(actor, trip),
        _("Only the traveller (or the system after the last leg) marks a return."),
    )
    mark_returned(trip, now)
    _move(
        trip,
        S.RETURNED,
        actor=actor,
        action="returned",
        now=now,
        fields=("returned_at", "debrief_due", "checkin_due_at"),
    )
    hooks.moved(trip, "returned", now=now, actor=actor)
    notify([trip.traveller], kind="debrief.due", trip=trip, now=now, message=welcome_back(trip))
    return trip


def mark_returned(trip: Trip, now: datetime.datetime) -> None:
    """What a return sets on the trip: the debrief falls due, counted from the organisation's
    date unless the assessment already set it."""
    trip.returned_at = now
    trip.checkin_due_at = None
    if trip.debrief_due is None:
        trip.debrief_due = today_of(trip.organisation, now) + datetime.timedelta(
            days=DEFAULT_DEBRIEF_DAYS
        )


def welcome_back(trip: Trip) -> Message:
    return lambda: (
        _("Welcome back: your debrief is due by %(date)s") % {"date": trip.debrief_due},
        _("Tell us about your activities and meetings on %(title)s.") % {"title": trip.title},
    )


BRIEFING_STATES = frozenset({S.SUBMITTED, S.APPROVED})


@transaction.atomic
def acknowledge_briefing(
    trip: Trip, *, actor: User, now: datetime.datetime, version: int | None = None
) -> Trip:
    """The traveller confirms they have read the pre-travel briefing the policy asks for."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if version is not None and trip.version != version:
        raise StaleVersion(expected=version, current=trip.version)
    _require(permissions.is_traveller(actor, trip), _("Only the traveller acknowledges it."))
    if trip.status not in BRIEFING_STATES:
        raise IllegalTransition(_("acknowledge the briefing of"), trip.get_status_display())
    if not (trip.assessment or {}).get("briefing_required"):
        raise InvalidInput({"briefing": _("This trip needs no pre-travel briefing.")})
    if trip.briefing_acknowledged_at is None:
        trip.briefing_acknowledged_at = now
        trip.updated_at = now
        trip.version += 1
        trip.save(update_fields=["briefing_acknowledged_at", "version", "updated_at"])
        audit.record(
            actor=actor,
            action="trip.briefing_acknowledged",
            obj=trip,
            at=now,
            data={"version": trip.version},
        )
    return trip


def itinerary_changed(trip: Trip, *, now: datetime.datetime) -> None:
    """Legs were added while travelling (a deviation): dates follow, the version moves on.
    The caller holds the row lock."""
    refresh_dates(trip)
    trip.version += 1
    trip.updated_at = now
    trip.save(update_fields=["starts_on", "ends_on", "version", "updated_at"])
