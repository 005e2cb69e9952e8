"""Travelling: departure, return, the briefing, late-report follow-up, itinerary changes."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.trips import edges, permissions
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Trip
from sojourn.trips.services import bulk
from sojourn.trips.services.core import lock, refresh_dates, require


@transaction.atomic
def depart(
    trip: Trip,
    *,
    actor: User | None,
    now: datetime.datetime,
    version: int | None = None,
) -> Trip:
    """Approved → in progress: by the traveller, or by the worker (actor None) on the start date.
    The move itself is the bulk one's (bulk.depart_many), for a chunk of one."""
    trip = lock(trip, "depart", version)
    require(
        actor is None or permissions.is_traveller(actor, trip),
        _("Only the traveller (or the system on the departure date) marks a departure."),
    )
    (moved,) = bulk.depart_many([trip], now=now, actor=actor)
    return moved


@transaction.atomic
def return_home(
    trip: Trip,
    *,
    actor: User | None,
    now: datetime.datetime,
    version: int | None = None,
) -> Trip:
    """In progress → returned: by the traveller, or by the worker (actor None) after the last
    leg. The move itself is the bulk one's (bulk.return_home_many), for a chunk of one."""
    trip = lock(trip, "return_home", version)
    require(
        actor is None or permissions.is_traveller(actor, trip),
        _("Only the traveller (or the system after the last leg) marks a return."),
    )
    (moved,) = bulk.return_home_many([trip], now=now, actor=actor)
    return moved


@transaction.atomic
def acknowledge_briefing(
    trip: Trip, *, actor: User, now: datetime.datetime, version: int | None = None
) -> Trip:
    """The traveller confirms they have read the pre-travel briefing the policy asks for."""
    trip = lock(trip, version=version)
    require(permissions.is_traveller(actor, trip), _("Only the traveller acknowledges it."))
    edges.require("acknowledge_briefing", trip)
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


def itinerary_changed(
    trip: Trip, *, actor: User, now: datetime.datetime, deviation_id: int
) -> None:
    """Legs were added while travelling (a deviation): dates follow, the version moves on, and
    the event vouches for the trip's new legs. The caller holds the row lock."""
    refresh_dates(trip)
    trip.version += 1
    trip.updated_at = now
    trip.save(update_fields=["starts_on", "ends_on", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="trip.itinerary_changed",
        obj=trip,
        at=now,
        data={"version": trip.version, "deviation_id": deviation_id},
    )
