"""The purges of one organisation's data, each on the organisation's own period.

Each takes `apply`: False counts what would go (`sojourn purge --dry-run`), True changes it.
Rows are written through their models (save / update of model fields), so fields stored
encrypted stay encrypted. A closed trip is purged once: `TripPurge` remembers how far it got.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Model, Q, QuerySet

from sojourn.audit import services as audit
from sojourn.care.models import CheckIn, Escalation
from sojourn.debriefs.models import Debrief, DebriefMeeting, Incident
from sojourn.notify.models import Notification
from sojourn.notify.texts import PURGED, purged
from sojourn.people.models import Organisation
from sojourn.retention.holds import held_trip_ids
from sojourn.retention.models import TripPurge
from sojourn.retention.periods import Periods
from sojourn.trips.models import Trip, TripStatus

# Keys of an escalation's data that named a place (escalations written before events carried ids).
PLACE_KEYS = ("city", "place", "note")


def _closed_before(organisation: Organisation, cutoff: datetime.datetime) -> QuerySet[Trip]:
    return Trip.objects.filter(
        organisation=organisation, status=TripStatus.CLOSED, closed_at__lt=cutoff
    )


def _vouch(rows: Sequence[Model], action: str, now: datetime.datetime) -> None:
    audit.record_many([audit.Entry(None, action, row) for row in rows], at=now)


def _mark(trips: list[int], field: str, now: datetime.datetime) -> None:
    for trip_id in trips:
        TripPurge.objects.update_or_create(trip_id=trip_id, defaults={field: now})


def checkin_locations(
    organisation: Organisation, periods: Periods, *, now: datetime.datetime, apply: bool
) -> int:
    """Check-ins of trips closed longer than the period keep only their country: their city and
    note are emptied (and a place an older escalation kept). Returns the rows changed."""
    done = TripPurge.objects.filter(checkins_reduced_at__isnull=False).values("trip_id")
    trips = list(
        _closed_before(organisation, now - periods.checkin_locations)
        .exclude(pk__in=done)
        .values_list("pk", flat=True)
    )
    changed = 0
    reduced: list[CheckIn] = []
    for checkin in CheckIn.objects.filter(trip_id__in=trips):
        if checkin.city or checkin.note:
            changed += 1
            if apply:
                checkin.city, checkin.note = "", ""
                checkin.save(update_fields=["city", "note"])
                reduced.append(checkin)
    # One event per row (its id only): the check-in's new state is vouched for, so
    # `sojourn audit verify --records` tells this purge from an edit made outside Sojourn.
    _vouch(reduced, "checkin.location_reduced", now)
    for escalation in Escalation.objects.filter(trip_id__in=trips):
        if any(key in escalation.data for key in PLACE_KEYS):
            changed += 1
            if apply:
                for key in PLACE_KEYS:
                    escalation.data.pop(key, None)
                escalation.save(update_fields=["data"])
    if apply:
        _mark(trips, "checkins_reduced_at", now)
    return changed


def notifications(
    organisation: Organisation, periods: Periods, *, now: datetime.datetime, apply: bool
) -> int:
    """Notifications (the inbox's rows and the outbox's emails) delivered or given up on longer
    than the period ago lose their words: their body, and every param but what their subject
    is worded from (`sojourn.notify.texts.purged`)."""
    cutoff = now - periods.notifications
    due = Notification.objects.filter(recipient__person__organisation=organisation).filter(
        Q(sent_at__lt=cutoff) | Q(failed_at__lt=cutoff)
    )
    worded = due.filter(params__isnull=False).exclude(params__has_key=PURGED)
    older = due.filter(params__isnull=True).exclude(body="")  # rows written before params
    if not apply:
        return worded.count() + older.count()
    changed = older.update(body="")
    for row in worded.iterator():
        row.params, row.body = purged(row.params or {}), ""
        row.save(update_fields=["params", "body"])
        changed += 1
    return changed


def debriefs(
    organisation: Organisation, periods: Periods, *, now: datetime.datetime, apply: bool
) -> int:
    """Debriefs of trips closed longer than the period ago are anonymised — their texts, the
    people met and what happened emptied; counts, countries and kinds kept — unless a legal
    hold is set on the trip or on its traveller. Returns the debriefs anonymised."""
    done = TripPurge.objects.filter(debrief_anonymised_at__isnull=False).values("trip_id")
    trips = (
        _closed_before(organisation, now - periods.debriefs)
        .exclude(pk__in=done)
        .exclude(pk__in=held_trip_ids())
    )
    found = list(Debrief.objects.filter(trip__in=trips))
    if apply:
        for debrief in found:
            _anonymise(debrief, now=now)
        _vouch(found, "debrief.anonymised", now)
        _mark([debrief.trip_id for debrief in found], "debrief_anonymised_at", now)
    return len(found)


def _anonymise(debrief: Debrief, *, now: datetime.datetime) -> None:
    debrief.summary, debrief.materials, debrief.review_comment = "", "", ""
    debrief.save(update_fields=["summary", "materials", "review_comment"])
    for meeting in DebriefMeeting.objects.filter(debrief=debrief):
        meeting.counterpart, meeting.organisation, meeting.topics = "", "", ""
        meeting.save(update_fields=["counterpart", "organisation", "topics"])
    for incident in Incident.objects.filter(debrief=debrief):
        incident.description = ""
        incident.save(update_fields=["description"])
