"""The trip page: who may open it (everyone else gets a 404 that names nothing), what it shows."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.care.services import close_escalation
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips.models import Trip

TITLE = "Summit in Paris"


@pytest.fixture
def trip(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title=TITLE, purpose="conference", country="FR", city="Paris"),
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 200),
        ("colleague", 404),
        ("officer", 200),
        ("other_officer", 404),
        ("oversight", 200),
        ("auditor", 200),
    ],
)
def test_access_matrix(client: Client, cast: Cast, trip: Trip, who: str, expected: int) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(f"/trips/{trip.pk}/")
    assert response.status_code == expected
    if expected == 404:
        assert TITLE not in response.content.decode()
    else:
        assert TITLE in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_anonymous_is_sent_to_login(client: Client, trip: Trip) -> None:
    response = client.get(f"/trips/{trip.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/trips/{trip.pk}/"


def test_a_missing_trip_is_the_same_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    assert client.get("/trips/999999/").status_code == 404


def test_the_page_shows_itinerary_assessment_and_reviews(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title=TITLE, purpose="conference", country="FR", city="Paris"),
    )
    client.force_login(cast.traveller)
    content = client.get(f"/trips/{trip.pk}/").content.decode()
    for text in ("Paris", "FR", "Dr. Weber", "TU Berlin", "Approved", "Lab"):
        assert text in content
    assert "<code>lifecycle-test@1</code>" in content
    assert "Security officer" in content  # the org_security step, in words
    assert "Officer" in content  # who approved it
    assert "24 hours" in content  # the check-in interval of the snapshot


def test_findings_show_severity_code_message_and_rule(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.submitted(
        cast.traveller, now, builders.Itinerary(title=TITLE, purpose="conference", starts_in_days=3)
    )
    client.force_login(cast.officer)
    content = client.get(f"/trips/{trip.pk}/").content.decode()
    assert "Warning" in content
    assert "<code>late_report</code>" in content
    assert "after the last day to report" in content
    assert "<code>lifecycle-test@1:tiers.reviewed.advance_notice</code>" in content


def test_check_ins_are_listed(client: Client, cast: Cast, now: datetime.datetime) -> None:
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title=TITLE, purpose="conference", starts_in_days=10),
    )
    builders.checked_in(trip, builders.at(now.date() + datetime.timedelta(days=11), 14))
    client.force_login(cast.officer)
    content = client.get(f"/trips/{trip.pk}/").content.decode()
    assert "I am safe" in content
    assert "Paris, FR" in content
    assert "2026-03-13 14:00" in content


@pytest.mark.parametrize(
    ("who", "reads_note"),
    [("officer", True), ("oversight", True), ("traveller", False), ("auditor", False)],
)
def test_an_escalations_closing_note_is_for_the_duty_of_care_roles(
    client: Client, cast: Cast, now: datetime.datetime, who: str, reads_note: bool
) -> None:
    """GIVEN a trip whose traveller fell silent, and the officer's note closing the escalation
    WHEN each role opens the trip page
    THEN the officers and oversight read the note (a location read, audited), the traveller and
    the auditor do not see it."""
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title=TITLE, purpose="conference", starts_in_days=10),
    )
    builders.missed_checkins(trip)
    escalation = trip.escalations.get()
    note = "Reached her at the Hotel Lutetia; phone battery."
    close_escalation(escalation, actor=cast.officer, note=note, now=builders.at(now.date(), 20))
    reader = getattr(cast, who)
    client.force_login(reader)

    content = client.get(f"/trips/{trip.pk}/").content.decode()

    assert ("Hotel Lutetia" in content) is reads_note
    assert ('id="escalations-title"' in content) is reads_note
    reads = AuditEvent.objects.filter(action="locations.read", actor=reader, object_id=str(trip.pk))
    assert reads.exists() is reads_note


def test_the_audit_timeline_is_for_those_who_read_the_audit_log(
    client: Client, cast: Cast, trip: Trip
) -> None:
    client.force_login(cast.auditor)
    content = client.get(f"/trips/{trip.pk}/").content.decode()
    assert "<code>trip.created</code>" in content
    assert "<code>trip.submitted</code>" in content
    assert "Draft → Submitted" in content

    client.force_login(cast.traveller)
    content = client.get(f"/trips/{trip.pk}/").content.decode()
    assert "<code>trip.submitted</code>" not in content  # the raw audit log is not theirs
    assert "Audit timeline" not in content


@pytest.mark.parametrize("who", ["traveller", "officer", "oversight", "auditor"])
def test_everyone_who_sees_the_trip_reads_its_timeline(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime, who: str
) -> None:
    """GIVEN a trip sent back by the officer WHEN anyone who may see it opens its page
    THEN its timeline tells, in words, what happened, who did it and why."""
    from sojourn.trips import services

    services.decide(
        trip, actor=cast.officer, decision="request_changes", comment="Add your meetings.", now=now
    )
    client.force_login(getattr(cast, who))

    content = client.get(f"/trips/{trip.pk}/").content.decode()
    story = content[content.index("<h3>Timeline</h3>") :]

    assert "Reported as a draft" in story
    assert "Submitted" in story
    assert "Changes requested" in story
    assert "Submitted → Draft" in story
    assert "Officer" in story  # the officer's name (first name from the cast)


def test_the_traveller_abroad_finds_check_in_deviation_and_debrief(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title=TITLE, purpose="conference", starts_in_days=10),
    )
    client.force_login(cast.traveller)

    content = client.get(f"/trips/{trip.pk}/").content.decode()

    assert f'href="/trips/{trip.pk}/checkin/"' in content
    assert f'href="/trips/{trip.pk}/deviation/"' in content
    assert f'href="/trips/{trip.pk}/debrief/"' in content
    home = client.get("/").content.decode()
    assert f'href="/trips/{trip.pk}/checkin/"' in home
    client.force_login(cast.officer)
    assert f"/trips/{trip.pk}/checkin/" not in client.get(f"/trips/{trip.pk}/").content.decode()
