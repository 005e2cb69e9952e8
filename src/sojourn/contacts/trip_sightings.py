"""Sightings read from trips: a trip's planned meetings when it is submitted, its debrief's
meetings held when the debrief is submitted. Registered in ContactsConfig.ready as a listener
of `trips.hooks`, so a move and its sightings commit together; each meeting is read once (its
sighting's `reference` names it), however often the trip or the debrief is submitted again."""

from __future__ import annotations

import datetime

from sojourn.contacts import hooks
from sojourn.contacts.models import Sighting, SightingSource
from sojourn.contacts.sightings import SightingInput, record_sighting
from sojourn.trips.hooks import Moved
from sojourn.trips.models import Trip


def on_trip_moved(event: Moved) -> None:
    if event.action == "submitted":
        record_planned_meetings(event.trip, now=event.now)
    elif event.action == "debrief_submitted":
        record_meetings_held(event.trip, now=event.now)


def record_planned_meetings(trip: Trip, *, now: datetime.datetime) -> int:
    found = [
        _input(
            SightingSource.PLANNED_MEETING,
            f"trips.plannedmeeting:{m.pk}",
            trip,
            name=m.counterpart,
            affiliation=m.organisation,
            country=m.country,
            details=m.topics,
            on=m.date,
        )
        for m in trip.meetings.all()
    ]
    return _record(trip, found, now=now)


def record_meetings_held(trip: Trip, *, now: datetime.datetime) -> int:
    debrief = getattr(trip, "debrief", None)
    if debrief is None:
        return 0
    found = [
        _input(
            SightingSource.DEBRIEF_MEETING,
            f"debriefs.debriefmeeting:{m.pk}",
            trip,
            name=m.counterpart,
            affiliation=m.organisation,
            country=m.country,
            details=m.topics,
            on=None,
        )
        for m in debrief.meetings.all()
    ]
    return _record(trip, found, now=now)


def _input(
    source: SightingSource,
    reference: str,
    trip: Trip,
    *,
    name: str,
    affiliation: str,
    country: str,
    details: str,
    on: datetime.date | None,
) -> SightingInput:
    # A meeting with no date of its own is dated by the trip's first day.
    day = on or trip.starts_on or trip.created_at.date()
    return SightingInput(
        source=source,
        occurred_on=day,
        name=name,
        country=country,
        affiliation=affiliation,
        details=details,
        trip=trip,
        reference=reference,
    )


def _record(trip: Trip, found: list[SightingInput], *, now: datetime.datetime) -> int:
    known = set(
        Sighting.objects.filter(reference__in=[f.reference for f in found]).values_list(
            "reference", flat=True
        )
    )
    new = [f for f in found if f.reference not in known and f.name.strip()]
    with hooks.together(now=now):  # the meetings' contacts screened as one set
        for data in new:
            record_sighting(data, reporter=trip.traveller, organisation=trip.organisation, now=now)
    return len(new)
