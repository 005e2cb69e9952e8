"""Invitations through the API: recorded with their pre-assessment, listed and read by those who
may see them, and decided (declined with a reason, or accepted into a draft trip) only by the
person invited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.trips import invitations
from sojourn.trips.models import Invitation, InvitationDecision, Trip, TripStatus

DAY = datetime.timedelta(days=1)
CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]


def record(who: User, now: datetime.datetime, **changes: Any) -> Invitation:
    fields: dict[str, Any] = {
        "event": "AI Action Summit",
        "host_organisation": "Élysée",
        "country": "FR",
        "city": "Paris",
        "starts_on": now.date() + 40 * DAY,
        "ends_on": now.date() + 41 * DAY,
        "paid_by": "host",
        "received_on": now.date(),
        **changes,
    }
    return invitations.record(actor=who, data=invitations.InvitationInput(**fields), now=now)


def body(now: datetime.datetime, **changes: Any) -> dict[str, Any]:
    return {
        "event": "World Robot Conference",
        "host_organisation": "RoboCorp",
        "country": "US",
        "city": "Boston",
        "starts_on": (now.date() + 50 * DAY).isoformat(),
        "ends_on": (now.date() + 52 * DAY).isoformat(),
        "paid_by": "host",
        "received_on": now.date().isoformat(),
        "notes": "Keynote invitation.",
        **changes,
    }


@pytest.fixture
def invitation(cast: Cast, now: datetime.datetime) -> Invitation:
    return record(cast.traveller, now)


# Recording ------------------------------------------------------------------------------------


def test_a_traveller_records_an_invitation_and_reads_its_pre_assessment(
    cast, api_for, api_clock, now
):
    """GIVEN a traveller of the lab WHEN they post an invitation to a conference in Boston
    THEN it is stored as theirs, pending, pre-assessed under the lab's pack, and audited."""
    answer = api_for(cast.traveller).post("invitations", body(now))

    assert answer.status == 201, answer.json
    got = answer.json
    stored = Invitation.objects.get()
    assert got["id"] == stored.pk
    assert got["invitee"]["username"] == "traveller"
    assert got["organisation"]["slug"] == "lab"
    assert (got["event"], got["country"], got["paid_by"]) == (
        "World Robot Conference",
        "US",
        "host",
    )
    assert got["decision"] == "pending"
    assert got["trip_ids"] == []
    assert got["pre_assessment"]["policy"] == "lifecycle-test@1"
    assert got["pre_assessment"]["route"] == "review"
    assert got["pre_assessment"]["approvals"] == ["org_security"]
    assert stored.invitee == cast.traveller
    assert AuditEvent.objects.filter(action="invitation.recorded").count() == 1


def test_received_on_defaults_to_today(cast, api_for, api_clock, now):
    sent = body(now)
    del sent["received_on"]
    answer = api_for(cast.traveller).post("invitations", sent)
    assert answer.status == 201
    assert answer.json["received_on"] == now.date().isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"country": "FRA"}, "country"),
        ({"ends_on": "2026-01-01"}, "ends_on"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
        ({"paid_by": "nobody"}, "paid_by"),
        ({"event": "   "}, "event"),
        ({"host_organisation": " "}, "host_organisation"),
        ({"event": "x" * 201}, "event"),
        ({"decision": "accepted"}, "decision"),
        ({"invitee": 3}, "invitee"),
        ({"pre_assessment": {}}, "pre_assessment"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(cast, api_for, api_clock, now, change, field):
    answer = api_for(cast.traveller).post("invitations", body(now, **change))
    assert answer.status == 422
    assert field in answer.problem_fields
    assert not Invitation.objects.exists()


def test_a_missing_field_is_named(cast, api_for, api_clock, now):
    sent = body(now)
    del sent["event"]
    answer = api_for(cast.traveller).post("invitations", sent)
    assert answer.status == 422
    assert set(answer.problem_fields) == {"event"}


def test_malformed_json_is_a_400(cast, api_for, api_clock):
    answer = api_for(cast.traveller).post("invitations", raw=b'{"event": "x",')
    assert answer.status == 400
    assert answer.content_type == "application/problem+json"


@pytest.mark.parametrize("who", ["officer", "other_officer", "oversight", "auditor"])
def test_only_travellers_record_invitations(cast, api_for, api_clock, now, who):
    answer = api_for(getattr(cast, who)).post("invitations", body(now))
    assert answer.status == 403
    assert not Invitation.objects.exists()


def test_recording_needs_a_token_with_the_write_scope(cast, api_for, api_clock, now):
    assert api_for(None).post("invitations", body(now)).status == 401
    assert api_for(cast.traveller, scope="read").post("invitations", body(now)).status == 403
    assert not Invitation.objects.exists()


def test_a_replayed_recording_records_once(cast, api_for, api_clock, now):
    """GIVEN an invitation posted with an Idempotency-Key WHEN the client posts it again with
    the same key THEN the first answer comes back and one invitation exists."""
    client = api_for(cast.traveller)
    key = {"Idempotency-Key": "3f1c0b8e-invite"}
    first = client.post("invitations", body(now), headers=key)
    again = client.post("invitations", body(now), headers=key)

    assert (first.status, again.status) == (201, 201)
    assert again.json == first.json
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert Invitation.objects.count() == 1
    assert AuditEvent.objects.filter(action="invitation.recorded").count() == 1


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_each_role_lists_the_invitations_it_may_see(cast, api_for, api_clock, now, who):
    mine = record(cast.traveller, now)
    theirs = record(cast.colleague, now, event="Robotics Expo")
    expected = {
        "traveller": {mine.pk},
        "colleague": {theirs.pk},
        "officer": {mine.pk, theirs.pk},
        "other_officer": set(),
        "oversight": {mine.pk, theirs.pk},
        "auditor": {mine.pk, theirs.pk},
    }[who]
    answer = api_for(getattr(cast, who)).get("invitations")
    assert answer.status == 200
    assert {item["id"] for item in answer.json["items"]} == expected


@pytest.mark.parametrize("who", CAST)
def test_reading_one_is_a_404_for_whoever_may_not_see_it(cast, api_for, api_clock, invitation, who):
    answer = api_for(getattr(cast, who)).get(f"invitations/{invitation.pk}")
    if who in {"colleague", "other_officer"}:
        assert answer.status == 404
        assert "AI Action Summit" not in answer.raw.decode()
    else:
        assert answer.status == 200
        assert answer.json["event"] == "AI Action Summit"


def test_a_missing_invitation_is_a_404_and_no_token_a_401(cast, api_for, api_clock, invitation):
    assert api_for(cast.traveller).get("invitations/999999").status == 404
    assert api_for(None).get(f"invitations/{invitation.pk}").status == 401
    assert api_for(None).get("invitations").status == 401


def test_the_list_filters_by_decision(cast, api_for, api_clock, now):
    pending = record(cast.traveller, now)
    declined = record(cast.traveller, now, event="Declined summit")
    invitations.decline(declined, actor=cast.traveller, reason="Too close to a deadline.", now=now)
    client = api_for(cast.traveller)
    assert [i["id"] for i in client.get("invitations", decision="pending").json["items"]] == [
        pending.pk
    ]
    assert [i["id"] for i in client.get("invitations", decision="declined").json["items"]] == [
        declined.pk
    ]
    assert client.get("invitations", decision="accepted").json["items"] == []
    refused = client.get("invitations", decision="maybe")
    assert refused.status == 422
    assert "decision" in refused.problem_fields


def test_the_list_pages_through_every_invitation_once(cast, api_for, api_clock, now):
    made = [
        record(cast.traveller, now, starts_on=now.date() + i * DAY, ends_on=now.date() + 50 * DAY)
        for i in range(5)
    ]
    client = api_for(cast.officer)
    seen: list[int] = []
    page = client.get("invitations", limit=2).json
    while True:
        seen.extend(item["id"] for item in page["items"])
        if not page["next"]:
            break
        page = client.get("invitations", limit=2, cursor=page["next"]).json
    assert seen == [invitation.pk for invitation in reversed(made)]


def test_a_list_page_costs_the_same_queries_however_long(
    cast, api_for, api_clock, now, django_assert_max_num_queries
):
    client = api_for(cast.officer)
    record(cast.traveller, now)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("invitations").json["items"]) == 1
    for i in range(8):
        invitation = record(cast.colleague, now, event=f"Summit {i}")
        if i % 2:
            invitations.accept(invitation, actor=cast.colleague, now=now)
    with django_assert_max_num_queries(len(one)):
        assert len(client.get("invitations").json["items"]) == 9


# Deciding -------------------------------------------------------------------------------------


def test_declining_needs_a_reason_and_records_it(cast, api_for, api_clock, invitation, now):
    client = api_for(cast.traveller)
    url = f"invitations/{invitation.pk}/decision"

    refused = client.post(url, {"decision": "decline", "reason": "  "})
    assert refused.status == 422
    assert "reason" in refused.problem_fields

    answer = client.post(url, {"decision": "decline", "reason": "Conflicts with a review."})
    assert answer.status == 200, answer.json
    assert answer.json["trip_id"] is None
    got = answer.json["invitation"]
    assert (got["decision"], got["decision_reason"]) == ("declined", "Conflicts with a review.")
    assert got["decided_at"] == now.isoformat().replace("+00:00", "Z")
    assert AuditEvent.objects.filter(action="invitation.declined").count() == 1


def test_accepting_opens_a_draft_trip_and_answers_its_id(cast, api_for, api_clock, invitation):
    """GIVEN a pending invitation to Paris WHEN the invitee accepts it THEN a draft trip
    prefilled from it is theirs, its id is in the answer and in the invitation's trips."""
    answer = api_for(cast.traveller).post(
        f"invitations/{invitation.pk}/decision", {"decision": "accept"}
    )

    assert answer.status == 200, answer.json
    trip = Trip.objects.get(pk=answer.json["trip_id"])
    assert (trip.status, trip.traveller, trip.invitation) == (
        TripStatus.DRAFT,
        cast.traveller,
        invitation,
    )
    assert [leg.country for leg in trip.legs.all()] == ["FR"]
    assert answer.json["invitation"]["decision"] == "accepted"
    assert answer.json["invitation"]["trip_ids"] == [trip.pk]


def test_a_decided_invitation_cannot_be_decided_again(cast, api_for, api_clock, invitation):
    client = api_for(cast.traveller)
    url = f"invitations/{invitation.pk}/decision"
    assert client.post(url, {"decision": "accept"}).status == 200
    again = client.post(url, {"decision": "decline", "reason": "Changed my mind."})
    assert again.status == 409
    assert "already decided" in again.json["detail"]
    invitation.refresh_from_db()
    assert invitation.decision == InvitationDecision.ACCEPTED
    assert Trip.objects.count() == 1


@pytest.mark.parametrize("who", CAST)
def test_only_the_invitee_decides(cast, api_for, api_clock, invitation, who):
    answer = api_for(getattr(cast, who)).post(
        f"invitations/{invitation.pk}/decision", {"decision": "accept"}
    )
    expected = {"traveller": 200, "colleague": 404, "other_officer": 404}.get(who, 403)
    assert answer.status == expected
    assert Trip.objects.exists() == (who == "traveller")


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"decision": "maybe"}, "decision"),
        ({}, "decision"),
        ({"decision": "accept", "trip_id": 4}, "trip_id"),
        ({"decision": "decline", "reason": "x" * 2001}, "reason"),
    ],
)
def test_a_bad_decision_is_a_422_naming_the_field(
    cast, api_for, api_clock, invitation, sent, field
):
    answer = api_for(cast.traveller).post(f"invitations/{invitation.pk}/decision", sent)
    assert answer.status == 422
    assert field in answer.problem_fields
    invitation.refresh_from_db()
    assert invitation.decision == InvitationDecision.PENDING


def test_a_replayed_acceptance_opens_one_trip(cast, api_for, api_clock, invitation):
    client = api_for(cast.traveller)
    key = {"Idempotency-Key": "accept-once"}
    url = f"invitations/{invitation.pk}/decision"
    first = client.post(url, {"decision": "accept"}, headers=key)
    again = client.post(url, {"decision": "accept"}, headers=key)
    assert (first.status, again.status) == (200, 200)
    assert again.json == first.json
    assert Trip.objects.count() == 1
