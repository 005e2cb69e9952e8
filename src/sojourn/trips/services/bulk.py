"""The worker's transitions, a chunk of trips at a time.

Each trip moves exactly as its one-trip service in travel.py moves it when the actor is the
system (same fields, same audit event, same notification); the chunk is one transaction that
locks its trips in id order, writes them with one UPDATE per set of equal values, appends the
audit events together and writes the notifications in one insert. Keep the two in step.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.notify.services import Message, Notice, notify_many
from sojourn.trips.assessing import today_of
from sojourn.trips.models import Trip
from sojourn.trips.services.core import DEFAULT_DEBRIEF_DAYS, EDGES, S, _next_checkin


def depart_many(trips: Sequence[Trip], *, now: datetime.datetime) -> list[Trip]:
    """Approved → in progress, by the system on the start date (see travel.depart); returns the
    trips moved, leaving out those another worker or the traveller moved first."""
    if not trips:
        return []
    with transaction.atomic():
        moved = _lock(trips, "depart")
        for trip in moved:
            trip.departed_at = now
            trip.checkin_due_at = _next_checkin(trip, now)
        _move(moved, S.IN_PROGRESS, "departed", now=now, fields=("departed_at", "checkin_due_at"))
        notify_many(
            [
                Notice(
                    [trip.traveller], kind="trip.departed", message=_safe_travels(trip), trip=trip
                )
                for trip in moved
            ],
            now=now,
        )
    return moved


def return_home_many(trips: Sequence[Trip], *, now: datetime.datetime) -> list[Trip]:
    """In progress → returned, by the system after the last leg (see travel.return_home). A
    return inferred from the calendar says nothing about a silent traveller's safety: their
    escalations stay open."""
    if not trips:
        return []
    with transaction.atomic():
        moved = _lock(trips, "return_home")
        for trip in moved:
            trip.returned_at = now
            trip.checkin_due_at = None
            if trip.debrief_due is None:
                trip.debrief_due = today_of(trip.organisation, now) + datetime.timedelta(
                    days=DEFAULT_DEBRIEF_DAYS
                )
        fields = ("returned_at", "debrief_due", "checkin_due_at")
        _move(moved, S.RETURNED, "returned", now=now, fields=fields)
        notify_many(
            [Notice([trip.traveller], "debrief.due", _welcome_back(trip), trip) for trip in moved],
            now=now,
        )
    return moved


def _lock(trips: Sequence[Trip], action: str) -> list[Trip]:
    """Re-read the trips under row locks, in id order, keeping those the edge starts from."""
    # Only the trips' rows (`of`): see core._lock. The person comes along for the language of
    # the notifications.
    locked = (
        Trip.objects.select_for_update(of=("self",))
        .select_related("organisation", "traveller__person")
        .filter(pk__in=[trip.pk for trip in trips])
        .order_by("pk")
    )
    return [trip for trip in locked if trip.status in EDGES[action]]


def _move(
    trips: list[Trip],
    to: S,
    action: str,
    *,
    now: datetime.datetime,
    fields: tuple[str, ...],
) -> None:
    """core._move for each trip: the new status and version, then the audit events."""
    entries: list[audit.Entry] = []
    for trip in trips:
        previous = trip.status
        trip.status = to
        trip.version += 1
        trip.updated_at = now
        entries.append(
            audit.Entry(
                actor=None,
                action=f"trip.{action}",
                obj=trip,
                data={"from": previous, "to": str(to), "version": trip.version},
            )
        )
    _save(trips, to, now=now, fields=fields)
    audit.record_many(entries, at=now)


def _save(trips: list[Trip], to: S, *, now: datetime.datetime, fields: tuple[str, ...]) -> None:
    """One UPDATE per set of trips whose changed fields are equal (the version moves by one)."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for trip in trips:
        groups.setdefault(tuple(getattr(trip, name) for name in fields), []).append(trip.pk)
    for same, ids in groups.items():
        changes = dict(zip(fields, same, strict=True))
        Trip.objects.filter(pk__in=ids).update(
            status=to, version=F("version") + 1, updated_at=now, **changes
        )


def _safe_travels(trip: Trip) -> Message:
    hours = (trip.assessment or {}).get("checkin_hours")
    return lambda: (
        _("Safe travels: %(title)s") % {"title": trip.title},
        _("Check in every %(hours)s hours while you are away.") % {"hours": hours}
        if hours
        else _("Your trip has begun."),
    )


def _welcome_back(trip: Trip) -> Message:
    return lambda: (
        _("Welcome back: your debrief is due by %(date)s") % {"date": trip.debrief_due},
        _("Tell us about your activities and meetings on %(title)s.") % {"title": trip.title},
    )
