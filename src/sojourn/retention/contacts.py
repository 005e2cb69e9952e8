"""The contact register's personal data at the end of its period: the debriefs' period, since a
contact report and a sighting say what a debrief's meetings say.

A contact report whose contact happened longer ago than the period is anonymised (its narrative,
place and identifiers emptied; category, channel, dates and country kept), and every sighting
that old loses what was said of it; a legal hold on the traveller keeps their reports and
sightings, and a hold on a trip keeps its sightings. The contacts themselves (names, the
register's memory of whom travellers met) stay.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from sojourn.contacts.models import ContactReport, Sighting
from sojourn.people.models import Organisation
from sojourn.retention.holds import held_trip_ids
from sojourn.retention.models import Kind, LegalHold
from sojourn.retention.periods import Periods
from sojourn.retention.places import Counts, vouch

REPORT_TEXTS = ("narrative", "city", "email", "phone", "handle")


def contacts(
    organisation: Organisation, periods: Periods, *, now: datetime.datetime, apply: bool
) -> Counts:
    cutoff = (now - periods.debriefs).date()
    held = LegalHold.objects.active().filter(person__isnull=False).values("person_id")
    reports = list(
        ContactReport.objects.filter(
            organisation=organisation, occurred_on__lt=cutoff, anonymised_at__isnull=True
        ).exclude(traveller_id__in=held)
    )
    sightings = (
        Sighting.objects.filter(organisation=organisation, occurred_on__lt=cutoff)
        .exclude(details="")
        .exclude(reporter_id__in=held)
        .exclude(Q(trip_id__in=held_trip_ids()))
    )
    if not apply:
        return {
            str(Kind.CONTACT_REPORTS): len(reports),
            str(Kind.SIGHTING_DETAILS): sightings.count(),
        }
    for report in reports:
        for field in REPORT_TEXTS:
            setattr(report, field, "")
        report.anonymised_at = now
        report.save(update_fields=[*REPORT_TEXTS, "anonymised_at"])
    vouch(reports, "contact_report.anonymised", now)
    emptied = 0
    for sighting in sightings.iterator():
        sighting.details = ""
        sighting.save(update_fields=["details"])
        emptied += 1
    return {str(Kind.CONTACT_REPORTS): len(reports), str(Kind.SIGHTING_DETAILS): emptied}
