"""Audit events carry ids, never places or anyone's words; events written before that rule are
shown with those values hidden, on the audit page and in a trip's story."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sojourn.audit import services as audit
from sojourn.audit.models import AuditEvent
from sojourn.care.escalations import follow_up
from sojourn.care.models import CheckIn, Escalation
from sojourn.care.services import check_in, close_escalation
from sojourn.conftest import NOW
from sojourn.debriefs import filing
from sojourn.directives import reassess
from sojourn.directives import services as directives
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.web.trip_selectors import trip_page


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


# Events written before they carried ids: each action with the words it carried then.
OLDER_WORDS = [
    ("trip.cancelled", {"from": "approved", "to": "cancelled", "reason": "Spotted at the Adlon"}),
    ("trip.withdrawn", {"from": "submitted", "to": "withdrawn", "reason": "Adlon is booked"}),
    ("trip.reopened", {"from": "approved", "to": "submitted", "reason": "Directive #3: Adlon"}),
    ("trip.approved", {"step": "org_security", "comment": "Adlon", "conditions": "No Adlon"}),
    ("trip.created", {"title": "Dinner at the Adlon"}),
    ("invitation.recorded", {"event": "Adlon gala", "country": "DE"}),
    ("invitation.declined", {"reason": "The Adlon again"}),
    ("directive.advisory", {"text": "Avoid the Adlon", "effect": "prohibit"}),
    ("notification.retry", {"attempts": 5, "last_error": "550 <adlon@example.test>"}),
    ("token.created", {"name": "Adlon laptop", "scope": "read"}),
    ("token.used", {"name": "Adlon laptop"}),
    ("trips.exported", {"filename": "t.csv", "filters": {"q": "Adlon", "status": "approved"}}),
]


def older(action: str, data: dict[str, object], obj, actor=None) -> AuditEvent:
    return audit.record(actor=actor, action=action, obj=obj, at=NOW, data=data)


@pytest.mark.parametrize(("action", "data"), OLDER_WORDS, ids=[a for a, _ in OLDER_WORDS])
def test_the_audit_page_hides_the_words_older_events_carry(cast, abroad, action, data):
    older(action, data, abroad, actor=None if action == "trip.reopened" else cast.officer)

    content = audit_page(cast.auditor)

    assert "Adlon" not in content
    assert "adlon" not in content
    assert "[redacted]" in content
    assert audit.verify_chain().ok


def test_the_admin_shows_an_events_data_as_the_audit_page_does(cast, abroad, client):
    root = User.objects.create_superuser("root", "root@example.test", "x" * 16)
    event = older("trip.cancelled", {"to": "cancelled", "reason": "Seen at the Adlon"}, abroad)
    client.force_login(root)

    page = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))

    assert page.status_code == 200
    content = page.content.decode()
    assert "Adlon" not in content
    assert "[redacted]" in content
    assert "cancelled" in content
    assert AuditEvent.objects.get(pk=event.pk).data["reason"] == "Seen at the Adlon"


def test_a_trip_story_words_its_reasons_from_the_rows_its_events_name(cast, now):
    """GIVEN a trip cancelled with a reason and one reopened by a hold, whose events carry no
    words WHEN their stories are read THEN each says why, from the trip and the directive."""
    approved = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    cancelled = services.cancel(
        approved, actor=cast.officer, reason="Summit moved to the Adlon", now=now
    )
    held = builders.approved(cast.colleague, now, reviewers=[cast.officer])
    directive, run = directives.instruct_hold(
        actor=cast.oversight,
        person=cast.colleague,
        hold_until=now.date() + datetime.timedelta(days=60),
        text="Hold: the Kempinski affair",
        now=now,
    )
    reassess.resume(run, now=now)
    trail = str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert "Adlon" not in trail
    assert "Kempinski" not in trail

    def whys(who, trip) -> dict[str, str]:
        story = trip_page(getattr(cast, who), trip).story
        return {entry.event.action: str(entry.why) for entry in story if entry.why}

    for who in ("traveller", "officer", "auditor"):
        assert whys(who, cancelled) == {"trip.cancelled": "Summit moved to the Adlon"}
    reopened = whys("colleague", held)["trip.reopened"]
    assert f"Directive #{directive.pk}" in reopened
    assert "Kempinski" in reopened
