"""Where a traveller was, reduced to the country once their trip has been over for the period:
the cities and notes of its check-ins, the cities and reasons of its deviations, the cities of
its legs (and a place an older escalation kept), and those cities in the saved assessments of
the trip and of its deviations, which quote the itinerary they assessed.

A trip is over in every state no transition leaves (`sojourn.trips.edges.ENDED`): closed, and
also cancelled, withdrawn or denied, with what was recorded before (a check-in on the way out of
a trip cancelled at the gate, a deviation of a trip denied while under way).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Sequence

from django.db.models import Model, QuerySet
from django.db.models.functions import Coalesce

from sojourn.audit import services as audit
from sojourn.care.models import CheckIn, Deviation, Escalation
from sojourn.people.models import Organisation
from sojourn.retention.models import Kind, TripPurge
from sojourn.retention.periods import Periods
from sojourn.trips.edges import ENDED
from sojourn.trips.models import Leg, Trip

# Keys of an escalation's data that named a place (escalations written before events carried ids).
PLACE_KEYS = ("city", "place", "note")

Counts = dict[str, int]


def ended_before(organisation: Organisation, cutoff: datetime.datetime) -> QuerySet[Trip]:
    """The organisation's trips over before `cutoff`: closed then (`closed_at`), or withdrawn,
    cancelled or denied then (their last move, `updated_at`: nothing changes a trip after)."""
    return (
        Trip.objects.filter(organisation=organisation, status__in=ENDED)
        .alias(ended_at=Coalesce("closed_at", "updated_at"))
        .filter(ended_at__lt=cutoff)
    )


def vouch(rows: Sequence[Model], action: str, now: datetime.datetime) -> None:
    """One event per row (its id only): the row's new state is vouched for, so `sojourn audit
    verify --records` tells a purge from an edit made outside Sojourn."""
    audit.record_many([audit.Entry(None, action, row) for row in rows], at=now)


def locations(
    organisation: Organisation, periods: Periods, *, now: datetime.datetime, apply: bool
) -> Counts:
    """Every place of the trips over for longer than the period, reduced to its country. Returns
    the rows changed (or that would be), by kind. A trip is reduced once (`TripPurge`)."""
    done = TripPurge.objects.filter(checkins_reduced_at__isnull=False).values("trip_id")
    trips = list(
        ended_before(organisation, now - periods.checkin_locations)
        .exclude(pk__in=done)
        .values_list("pk", flat=True)
    )
    cities = _cities(trips) if apply else {}
    counts = {
        str(Kind.CHECKIN_LOCATIONS): _checkins(trips, now=now, apply=apply)
        + _escalations(trips, apply=apply),
        str(Kind.DEVIATION_LOCATIONS): _deviations(trips, cities, now=now, apply=apply),
        str(Kind.LEG_CITIES): _legs(trips, cities, now=now, apply=apply),
    }
    if apply:
        for trip_id in trips:
            TripPurge.objects.update_or_create(
                trip_id=trip_id, defaults={"checkins_reduced_at": now}
            )
    return counts


def without_cities(value: object, cities: Collection[str]) -> object:
    """A saved assessment with its places reduced: every `city` emptied, and each of `cities`
    taken out of its texts ("Germany, Potsdam on 2026-03-05" becomes "Germany on 2026-03-05")."""
    if isinstance(value, dict):
        return {
            key: "" if key == "city" else without_cities(item, cities)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [without_cities(item, cities) for item in value]
    if isinstance(value, str):
        for city in sorted((c for c in cities if c), key=len, reverse=True):
            value = re.sub(rf"(?:, ?|，)?\b{re.escape(city)}\b", "", value)
        return value
    return value


def _checkins(trips: list[int], *, now: datetime.datetime, apply: bool) -> int:
    found = [row for row in CheckIn.objects.filter(trip_id__in=trips) if row.city or row.note]
    if apply:
        for checkin in found:
            checkin.city, checkin.note = "", ""
            checkin.save(update_fields=["city", "note"])
        vouch(found, "checkin.location_reduced", now)
    return len(found)


def _deviations(
    trips: list[int], cities: dict[int, set[str]], *, now: datetime.datetime, apply: bool
) -> int:
    found = [row for row in Deviation.objects.filter(trip_id__in=trips) if row.city or row.reason]
    if apply:
        for deviation in found:
            places = cities.get(deviation.trip_id, set())
            deviation.assessment = without_cities(deviation.assessment, places)
            deviation.city, deviation.reason = "", ""
            deviation.save(update_fields=["city", "reason", "assessment"])
        vouch(found, "deviation.location_reduced", now)
    return len(found)


def _cities(trips: list[int]) -> dict[int, set[str]]:
    """The cities each trip's legs and deviations name, read before any is reduced."""
    cities: dict[int, set[str]] = {}
    for trip_id, city in Leg.objects.filter(trip_id__in=trips).values_list("trip_id", "city"):
        cities.setdefault(trip_id, set()).add(city)
    for deviation in Deviation.objects.filter(trip_id__in=trips).only("trip_id", "city"):
        cities.setdefault(deviation.trip_id, set()).add(deviation.city)
    return cities


def _legs(
    trips: list[int], cities: dict[int, set[str]], *, now: datetime.datetime, apply: bool
) -> int:
    """One UPDATE; legs are part of their trip's audited record, so each trip whose legs lost
    their cities is vouched for."""
    found = Leg.objects.filter(trip_id__in=trips).exclude(city="")
    if not apply:
        return found.count()
    for trip_id, assessment in Trip.objects.filter(
        pk__in=cities, assessment__isnull=False
    ).values_list("pk", "assessment"):
        reduced_assessment = without_cities(assessment, cities[trip_id])
        Trip.objects.filter(pk=trip_id).update(assessment=reduced_assessment)
    reduced = sorted(set(found.values_list("trip_id", flat=True)))
    count = found.update(city="")
    vouch(list(Trip.objects.filter(pk__in=reduced).order_by("pk")), "trip.legs_reduced", now)
    return count


def _escalations(trips: list[int], *, apply: bool) -> int:
    found = [
        row
        for row in Escalation.objects.filter(trip_id__in=trips)
        if any(key in row.data for key in PLACE_KEYS)
    ]
    if apply:
        for escalation in found:
            for key in PLACE_KEYS:
                escalation.data.pop(key, None)
            escalation.save(update_fields=["data"])
    return len(found)
