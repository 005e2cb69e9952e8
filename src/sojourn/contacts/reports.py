"""Contact reports: a traveller reports a contact at any time, with no trip.

The report is judged under the organisation's pack in force (`sojourn.policy.contacts`): its
last day to report, and a late_contact_report finding when it came after. It is a sighting of
its counterpart like any other, matched as it is recorded; the officers are told of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from sojourn.audit.services import record
from sojourn.contacts.errors import ContactError
from sojourn.contacts.identifiers import read_all
from sojourn.contacts.models import Channel, ContactCategory, ContactReport, SightingSource
from sojourn.contacts.sightings import SightingInput, record_sighting
from sojourn.notify.services import notify
from sojourn.people.directory import officers_of
from sojourn.people.models import Person
from sojourn.people.today import today_of
from sojourn.policy.contacts import contact_report_due, late_contact_report
from sojourn.trips.in_force import store


@dataclass(frozen=True)
class ContactReportInput:
    category: str
    channel: str
    occurred_on: datetime.date
    counterpart: str
    narrative: str
    country: str = ""
    city: str = ""
    affiliation: str = ""
    email: str = ""
    phone: str = ""
    handle: str = ""


def file_contact_report(
    data: ContactReportInput, *, traveller: User, now: datetime.datetime
) -> ContactReport:
    person: Person = traveller.person
    organisation = person.organisation
    reported_on = today_of(organisation, now)
    if data.category not in ContactCategory.values or data.channel not in Channel.values:
        raise ContactError("bad_choice", "Choose a category and a channel from the lists.")
    if not data.counterpart.strip():
        raise ContactError("counterpart_missing", "Name the person or organisation.")
    if data.occurred_on > reported_on:
        raise ContactError("in_future", "The date of the contact cannot be after today.")
    identifiers = read_all(
        emails=[data.email], phones=[data.phone], handles=[data.handle], country=data.country
    )
    pack = store().pack_in_force(organisation, now)
    home = organisation.home_country
    due = contact_report_due(pack, data.category, data.occurred_on, home_country=home)
    late = late_contact_report(
        pack, data.category, data.occurred_on, reported_on, home_country=home
    )
    with transaction.atomic():
        report = ContactReport.objects.create(
            organisation=organisation,
            traveller=traveller,
            category=data.category,
            channel=data.channel,
            occurred_on=data.occurred_on,
            country=data.country.upper(),
            city=data.city,
            counterpart=data.counterpart,
            affiliation=data.affiliation,
            email=data.email,
            phone=data.phone,
            handle=data.handle,
            narrative=data.narrative,
            reported_on=reported_on,
            report_by=due,
            late_report=late is not None,
            findings=[late.to_dict()] if late else [],
            created_at=now,
        )
        sighting = record_sighting(
            SightingInput(
                source=SightingSource.CONTACT_REPORT,
                occurred_on=data.occurred_on,
                name=data.counterpart,
                country=data.country,
                affiliation=data.affiliation,
                identifiers=tuple(identifiers),
                details=data.narrative,
                contact_report=report,
            ),
            reporter=traveller,
            organisation=organisation,
            now=now,
        )
        ContactReport.objects.filter(pk=report.pk).update(contact=sighting.contact)
        report.contact = sighting.contact
        event = {"contact_id": sighting.contact_id, "late_report": report.late_report}
        record(actor=traveller, action="contact_report.filed", obj=report, at=now, data=event)
        notify(
            officers_of(organisation),
            kind="contact_report.filed",
            params={
                "contact_report_id": report.pk,
                "category": ContactCategory(data.category).label,
                "late_report": report.late_report,
            },
            now=now,
        )
    return report
