"""The contact register's texts end with the debriefs' period: a contact report is anonymised
and a sighting loses what was said of it, unless the traveller is under a legal hold."""

from __future__ import annotations

import datetime

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.contacts.models import ContactReport, Sighting
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.retention import holds
from sojourn.retention.job import run
from sojourn.retention.models import Purge

YEAR = datetime.timedelta(days=366)


@pytest.fixture(autouse=True)
def _period(settings) -> None:
    settings.SOJOURN_RETENTION_DEBRIEF_YEARS = 2


@pytest.fixture
def report(cast, now) -> ContactReport:
    data = ContactReportInput(
        category="stay_in_touch",
        channel="in_person",
        occurred_on=now.date(),
        counterpart="Lin Mei",
        narrative="Asked for my private number.",
        city="Singapore",
        email="lm@example.org",
    )
    return file_contact_report(data, traveller=cast.traveller, now=now)


def test_within_the_period_the_report_is_kept_whole(report, now) -> None:
    run(now + YEAR, apply=True)

    report.refresh_from_db()
    assert (report.narrative, report.anonymised_at) == ("Asked for my private number.", None)


def test_after_the_period_texts_go_and_facts_stay(report, now) -> None:
    later = now + 2 * YEAR
    run(later, apply=True)

    report.refresh_from_db()
    assert (report.narrative, report.city, report.email) == ("", "", "")
    assert (report.category, report.country, report.anonymised_at) == ("stay_in_touch", "", later)
    assert Sighting.objects.get().details == ""
    assert Sighting.objects.get().name == "Lin Mei"  # whom they met stays in the register
    counts = dict(Purge.objects.values_list("what", "count"))
    assert (counts["contact_reports"], counts["sighting_details"]) == (1, 1)
    assert AuditEvent.objects.filter(action="contact_report.anonymised").count() == 1


def test_a_legal_hold_on_the_traveller_keeps_them(cast, report, now) -> None:
    holds.set_hold(actor=cast.officer, reason="Inquiry.", now=now, person=cast.traveller)

    run(now + 2 * YEAR, apply=True)

    report.refresh_from_db()
    assert report.narrative == "Asked for my private number."
    assert Sighting.objects.get().details == "Asked for my private number."
