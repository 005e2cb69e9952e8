"""The purges of one organisation's data, each on the organisation's own period (the places a
trip kept are in `sojourn.retention.places`).

Each takes `apply`: False counts what would go (`sojourn purge --dry-run`), True changes it, and
returns the rows by kind. Rows are written through their models (save / update of model
fields), so fields stored encrypted stay encrypted. A trip is purged once: `TripPurge`
remembers how far it got.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from sojourn.debriefs.models import Debrief, DebriefMeeting, Incident
from sojourn.notify.models import Notification
from sojourn.notify.texts import purged
from sojourn.people.models import Organisation
from sojourn.retention.holds import held_trip_ids
from sojourn.retention.models import Kind
from sojourn.retention.periods import Periods
from sojourn.retention.places import Counts, ended_before, vouch


def notifications(
    organisation: Organisation, periods: Periods, *, now: datetime.datetime, apply: bool
) -> Counts:
    """Notifications (the inbox's rows and the outbox's emails) delivered or given up on longer
    than the period ago lose their words: their body, and every param but what their subject
    is worded from (`sojourn.notify.texts.purged`)."""
    cutoff = now - periods.notifications
    # `purged_at`, not the sealed columns, says what is left to purge: SQL cannot read those.
    due = Notification.objects.filter(
        recipient__person__organisation=organisation, purged_at__isnull=True
    ).filter(Q(sent_at__lt=cutoff) | Q(failed_at__lt=cutoff))
    if not apply:
        return {str(Kind.NOTIFICATIONS): due.count()}
    # Rows written before params had only their body.
    changed = due.filter(params__isnull=True).update(body="", purged_at=now)
    for row in due.filter(params__isnull=False).iterator():
        row.params, row.body, row.purged_at = purged(row.params or {}), "", now
        row.save(update_fields=["params", "body", "purged_at"])
        changed += 1
    return {str(Kind.NOTIFICATIONS): changed}


def debriefs(
    organisation: Organisation, periods: Periods, *, now: datetime.datetime, apply: bool
) -> Counts:
    """Debriefs of trips over for longer than the period come to their end, unless a legal hold
    is set on the trip or on its traveller: anonymised (their texts, the people met and what
    happened emptied; counts, countries and kinds kept) or archived (kept whole and sealed, out
    of the lists), as the regime chose. Each says so itself, and when (`anonymised_at`,
    `archived_at`). Returns the debriefs by how they ended."""
    trips = ended_before(organisation, now - periods.debriefs).exclude(pk__in=held_trip_ids())
    found = list(
        Debrief.objects.filter(trip__in=trips, anonymised_at__isnull=True, archived_at__isnull=True)
    )
    archive = periods.debrief_disposition == "archive"
    if apply:
        for debrief in found:
            if archive:
                debrief.archived_at = now
                debrief.save(update_fields=["archived_at"])
            else:
                _anonymise(debrief, now=now)
        vouch(found, "debrief.archived" if archive else "debrief.anonymised", now)
    return {str(Kind.DEBRIEFS_ARCHIVED if archive else Kind.DEBRIEFS): len(found)}


def _anonymise(debrief: Debrief, *, now: datetime.datetime) -> None:
    debrief.summary, debrief.materials, debrief.review_comment = "", "", ""
    debrief.anonymised_at = now
    debrief.save(update_fields=["summary", "materials", "review_comment", "anonymised_at"])
    for meeting in DebriefMeeting.objects.filter(debrief=debrief):
        meeting.counterpart, meeting.organisation, meeting.topics = "", "", ""
        meeting.save(update_fields=["counterpart", "organisation", "topics"])
    for incident in Incident.objects.filter(debrief=debrief):
        incident.description = ""
        incident.save(update_fields=["description"])
