"""A traveller reports a contact at any time, with no trip: judged under the pack (a late report
is a finding), recorded as a sighting, told to the officers; read only within its scope."""

from __future__ import annotations

import datetime

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.contacts.errors import ContactError
from sojourn.contacts.identifiers import InvalidIdentifier
from sojourn.contacts.models import Contact, ContactReport, Sighting
from sojourn.contacts.reads import record_contact_read
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.notify.models import Notification

DAY = datetime.timedelta(days=1)


def _report(now: datetime.datetime, **changes: object) -> ContactReportInput:
    fields: dict[str, object] = {
        "category": "offer",
        "channel": "in_person",
        "occurred_on": now.date() - 2 * DAY,
        "counterpart": "Dr. Lin Mei",
        "affiliation": "Zhiyuan Talent Office",
        "email": "Lin.Mei@example.org",
        "narrative": "Offered a paid visiting post and asked about our lab's robot arms.",
        "country": "SG",
        "city": "Singapore",
    }
    return ContactReportInput(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_report_on_time_is_a_sighting_and_the_officers_are_told(cast, now) -> None:
    report = file_contact_report(_report(now), traveller=cast.traveller, now=now)

    # The test pack: offers within 5 calendar days of the contact.
    assert report.report_by == now.date() - 2 * DAY + 5 * DAY
    assert (report.late_report, report.findings) == (False, [])
    sighting = Sighting.objects.get()
    assert (sighting.contact_report_id, sighting.contact_id) == (report.pk, report.contact_id)
    assert sighting.source == "contact_report"
    assert report.contact is not None
    assert [i.value for i in report.contact.identifiers.all()] == ["lin.mei@example.org"]
    kinds = Notification.objects.filter(recipient=cast.officer).values_list("kind", flat=True)
    assert set(kinds) == {"contact_report.filed"}
    event = AuditEvent.objects.get(action="contact_report.filed")
    assert event.data == {"contact_id": report.contact_id, "late_report": False}


def test_a_report_after_its_last_day_is_late_with_its_finding(cast, now) -> None:
    report = file_contact_report(
        _report(now, occurred_on=now.date() - 6 * DAY), traveller=cast.traveller, now=now
    )

    assert report.late_report
    [finding] = report.findings
    assert finding["code"] == "late_contact_report"
    assert finding["params"]["report_by"] == (now.date() - DAY).isoformat()


def test_a_category_the_pack_does_not_name_has_no_deadline(cast, now) -> None:
    report = file_contact_report(
        _report(now, category="suspicious", occurred_on=now.date() - 60 * DAY),
        traveller=cast.traveller,
        now=now,
    )

    assert (report.report_by, report.late_report) == (None, False)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"occurred_on": datetime.date(2026, 3, 3)}, ContactError),  # after today
        ({"email": "not an address"}, InvalidIdentifier),
        ({"category": "bribe"}, ContactError),
        ({"counterpart": "  "}, ContactError),
    ],
)
def test_what_cannot_be_filed_is_refused_and_nothing_written(cast, now, changes, error) -> None:
    with pytest.raises(error):
        file_contact_report(_report(now, **changes), traveller=cast.traveller, now=now)
    assert not ContactReport.objects.exists()
    assert not Contact.objects.exists()


def test_reports_and_contacts_are_seen_only_within_their_scope(cast, now) -> None:
    report = file_contact_report(_report(now), traveller=cast.traveller, now=now)
    contact_id = report.contact_id
    assert contact_id is not None

    def sees(user) -> tuple[bool, bool]:
        return (
            ContactReport.objects.visible_to(user).filter(pk=report.pk).exists(),
            Contact.objects.visible_to(user).filter(pk=contact_id).exists(),
        )

    assert sees(cast.traveller) == (True, True)
    assert sees(cast.officer) == (True, True)
    assert sees(cast.oversight) == (True, True)
    assert sees(cast.colleague) == (False, False)
    assert sees(cast.other_officer) == (False, False)


def test_reading_a_contact_leaves_an_event_with_ids_only(cast, now) -> None:
    report = file_contact_report(_report(now), traveller=cast.traveller, now=now)

    assert report.contact is not None
    record_contact_read(report.contact, actor=cast.officer, at=now, through="web")

    event = AuditEvent.objects.get(action="contact.read")
    assert (event.object_type, event.object_id) == ("contacts.contact", str(report.contact_id))
    assert event.data == {"through": "web"}
