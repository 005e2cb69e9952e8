"""Audit events carry ids, never places or anyone's words; events written before that rule are
shown with those values hidden, on the audit page and in a trip's story."""

from __future__ import annotations

import pytest
from django.test import Client

from sojourn.audit import services as audit
from sojourn.audit.models import AuditEvent
from sojourn.care.escalations import follow_up
from sojourn.care.models import CheckIn, Escalation
from sojourn.care.services import check_in, close_escalation
from sojourn.debriefs import filing
from sojourn.testing import builders


@pytest.fixture
def abroad(cast, now):
    return builders.under_way(cast.traveller, now, reviewers=[cast.officer])


def help_call(trip, traveller) -> CheckIn:
    assert trip.starts_on is not None
    return check_in(
        trip,
        actor=traveller,
        status="need_help",
        now=builders.at(trip.starts_on, 12),
        country="DE",
        city="Kreuzberg-Nord",
        note="Held at the hotel desk",
    )


def audit_page(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/audit/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_need_help_check_in_writes_ids_and_the_country_only(cast, abroad):
    checkin = help_call(abroad, cast.traveller)

    [event] = AuditEvent.objects.filter(action="escalation.need_help")
    assert event.data["checkin_id"] == checkin.pk
    assert event.data["country"] == "DE"
    everything = str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert "Kreuzberg-Nord" not in everything
    assert "Held at the hotel desk" not in everything


def test_an_officers_note_closing_an_escalation_stays_out_of_the_trail(cast, abroad):
    help_call(abroad, cast.traveller)
    escalation = Escalation.objects.get(trip=abroad, kind="need_help")

    close_escalation(
        escalation,
        actor=cast.officer,
        note="Reached her at the Adlon",
        now=builders.at(abroad.starts_on, 14),
    )

    [event] = AuditEvent.objects.filter(action="escalation.resolved", data__kind="need_help")
    assert event.data["noted"] is True
    assert "resolution" not in event.data
    assert Escalation.objects.get(pk=escalation.pk).resolution == "Reached her at the Adlon"


def test_a_late_reports_follow_up_note_stays_out_of_the_trail(cast, now):
    # Reported the day after departure: a late report, whose follow-up the officer records.
    trip = builders.submitted(cast.traveller, now, builders.Itinerary(starts_in_days=-1))
    assert Escalation.objects.filter(trip=trip, kind="late_report").exists()

    assert follow_up(trip, actor=cast.officer, note="Called him in Adlon", now=now) == 1

    [event] = AuditEvent.objects.filter(action="escalation.resolved")
    assert event.data["noted"] is True
    assert "Adlon" not in str(event.data)


def test_a_debrief_reviews_comment_stays_out_of_the_trail(cast, now):
    trip = builders.debriefed(cast.traveller, now, reviewers=[cast.officer])
    assert trip.ends_on is not None
    filing.review_debrief(
        trip,
        actor=cast.officer,
        decision="request_info",
        comment="Who was the man at the Adlon bar?",
        now=builders.at(trip.ends_on, 22),
    )

    [event] = AuditEvent.objects.filter(action="trip.debrief_info_requested")
    assert event.data["commented"] is True
    assert "Adlon" not in str(event.data)


def test_the_audit_page_hides_the_places_and_words_of_events_written_before(cast, abroad):
    help_call(abroad, cast.traveller)
    escalation = Escalation.objects.get(trip=abroad, kind="need_help")
    # As events were written before the rule: a city and a note in the data.
    audit.record(
        actor=None,
        action="escalation.need_help",
        obj=escalation,
        at=builders.at(abroad.starts_on, 12),
        data={"trip_id": abroad.pk, "checkin_id": 1, "country": "DE", "city": "Kreuzberg-Nord"},
    )
    audit.record(
        actor=cast.officer,
        action="escalation.resolved",
        obj=escalation,
        at=builders.at(abroad.starts_on, 13),
        data={"trip_id": abroad.pk, "kind": "need_help", "resolution": "Found at the Adlon"},
    )
    audit.record(
        actor=cast.officer,
        action="trip.debrief_accepted",
        obj=abroad,
        at=builders.at(abroad.starts_on, 14),
        data={"debrief": 1, "decision": "accept", "comment": "Met Ivanov at the Adlon"},
    )

    content = audit_page(cast.auditor)

    assert "Kreuzberg-Nord" not in content
    assert "Adlon" not in content
    assert "[redacted]" in content
    assert "&quot;country&quot;: &quot;DE&quot;" in content
    assert audit.verify_chain().ok  # the stored events are untouched


def test_a_trip_story_hides_an_older_deviations_city_from_the_auditor(cast, abroad):
    audit.record(
        actor=cast.traveller,
        action="trip.reopened",
        obj=abroad,
        at=builders.at(abroad.starts_on, 12),
        data={"from": "in_progress", "to": "in_progress", "reason": "Deviation: Kreuzberg, DE"},
    )
    pages = {}
    for who in ("auditor", "officer"):
        client = Client()
        client.force_login(getattr(cast, who))
        pages[who] = client.get(f"/trips/{abroad.pk}/").content.decode()

    assert "Kreuzberg" not in pages["auditor"]
    assert "Kreuzberg" in pages["officer"]
