"""The worker's periodic jobs. Each finds what is due at `now` with an indexed query and does
it a chunk of trips at a time, each chunk one transaction, so that two workers side by side, or a
worker killed mid-pass, never do a unit twice and never leave one half done:

- transitions go through the lifecycle's bulk services, which lock the chunk's trips and leave
  out those whose edge another worker has already taken;
- reminders and escalations are opened once per occurrence: the chunk's trips are locked, what
  is already on record is read again under the locks, and a unique constraint has the last word;
  their notifications and audit events are written in the same transaction;
- outbox rows are claimed with a conditional UPDATE before they are sent.

Every job takes `stop`, checked between chunks, so SIGTERM finishes the chunk in hand and no more.
This module holds what the jobs share and the transitions; the reminders are in `reminding`, the
escalations in `escalating`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import User
from django.db.models import Q

from sojourn.care.models import Escalation, EscalationKind, Reminder
from sojourn.care.zones import local_date, zone_for
from sojourn.people import directory
from sojourn.trips.models import Trip, TripStatus
from sojourn.trips.services import bulk

S = TripStatus
K = EscalationKind
DAY = datetime.timedelta(days=1)
CHUNK = 500
Stop = Callable[[], bool]


def _never() -> bool:
    return False


T = TypeVar("T")


def _chunks(items: Iterable[T], stop: Stop) -> Iterator[list[T]]:
    """The items CHUNK at a time; none once `stop` says so."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            if stop():
                return
            yield chunk
            chunk = []
    if chunk and not stop():
        yield chunk


Known = Callable[[list[int]], dict[int, set[str]]]


def _chunks_known(
    trips: Iterable[Trip], stop: Stop, known: Known
) -> Iterator[list[tuple[Trip, set[str]]]]:
    """Each chunk of trips with what is already on record for each (reminders sent, escalations
    opened): a pass that finds nothing new costs a query per chunk and takes no lock."""
    for chunk in _chunks(trips, stop):
        on_record = known([trip.pk for trip in chunk])
        yield [(trip, on_record.get(trip.pk, set())) for trip in chunk]


def _reminders_sent(reason: str) -> Known:
    def load(ids: list[int]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        rows = Reminder.objects.filter(trip_id__in=ids, reason=reason)
        for trip_id, reference in rows.values_list("trip_id", "reference"):
            found.setdefault(trip_id, set()).add(reference)
        return found

    return load


def _escalations_opened(*kinds: EscalationKind) -> Known:
    def load(ids: list[int]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        rows = Escalation.objects.filter(trip_id__in=ids, kind__in=list(kinds))
        for trip_id, kind, reference in rows.values_list("trip_id", "kind", "reference"):
            found.setdefault(trip_id, set()).add(f"{kind}|{reference}")
        return found

    return load


class _Recipients:
    """Who to tell, looked up once per organisation in a pass rather than once per trip."""

    def __init__(self) -> None:
        self._officers: dict[int, list[User]] = {}
        self._oversight: list[User] | None = None

    def officers(self, organisation_id: int) -> list[User]:
        if organisation_id not in self._officers:
            self._officers[organisation_id] = directory.officers_of(organisation_id)
        return self._officers[organisation_id]

    def oversight(self) -> list[User]:
        if self._oversight is None:
            self._oversight = directory.oversight()
        return self._oversight


def _trips(*conditions: Q, **filters: object) -> Iterator[Trip]:
    query = (
        Trip.objects.filter(*conditions, **filters)
        .select_related("traveller__person", "organisation")
        .prefetch_related("legs")
        .order_by("pk")
    )
    return query.iterator(chunk_size=CHUNK)


def _stamp(moment: datetime.datetime | None) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="minutes") if moment else ""


def _hhmm(moment: datetime.datetime | None) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M") if moment else "—"


@dataclass(frozen=True)
class Ladder:
    grace: datetime.timedelta
    interval: datetime.timedelta


def _ladder(trip: Trip) -> Ladder | None:
    if not trip.checkin_hours:
        return None
    grace = (trip.assessment or {}).get("checkin_grace_hours", 2)
    return Ladder(datetime.timedelta(hours=grace), datetime.timedelta(hours=trip.checkin_hours))


# Transitions --------------------------------------------------------------------------------


def start_trips(now: datetime.datetime, stop: Stop = _never) -> int:
    """Approved → in progress on the first leg's start date, where that leg is."""
    started = 0
    # A day's margin: somewhere east of UTC it may already be tomorrow.
    for chunk in _chunks(_trips(status=S.APPROVED, starts_on__lte=now.date() + DAY), stop):
        started += len(bulk.depart_many([t for t in chunk if _leaving(t, now)], now=now))
    return started


def _leaving(trip: Trip, now: datetime.datetime) -> bool:
    legs = sorted(trip.legs.all(), key=lambda leg: (leg.starts_on, leg.position))
    zone = zone_for(legs[0].country, legs[0].city, trip.organisation.time_zone)
    return trip.starts_on is not None and local_date(now, zone) >= trip.starts_on


def end_trips(now: datetime.datetime, stop: Stop = _never) -> int:
    """In progress → returned once the last leg's end date is over, where that leg is."""
    ended = 0
    for chunk in _chunks(_trips(status=S.IN_PROGRESS, ends_on__lt=now.date() + DAY), stop):
        ended += len(bulk.return_home_many([t for t in chunk if _back(t, now)], now=now))
    return ended


def _back(trip: Trip, now: datetime.datetime) -> bool:
    legs = sorted(trip.legs.all(), key=lambda leg: (leg.ends_on, leg.position))
    zone = zone_for(legs[-1].country, legs[-1].city, trip.organisation.time_zone)
    return trip.ends_on is not None and local_date(now, zone) > trip.ends_on
