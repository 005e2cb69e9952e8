"""The lifecycle actions on a trip: submit, decisions, withdraw, cancel, briefing-ack. Each is
the lifecycle service behind the web's buttons, refused per role, per state and per version."""

from __future__ import annotations

import pytest
from django.conf import settings

from sojourn.audit.models import AuditEvent
from sojourn.testing import builders
from sojourn.trips.drafts import TripInput, create_draft
from sojourn.trips.models import Trip

# The trip these tests build: the one bodies.trip_body describes (four days in Berlin).
WORKSHOP = builders.Itinerary(title="Workshop in Berlin", days=4)

BLIND = ["colleague", "other_officer"]


def status_of(trip: Trip) -> str:
    trip.refresh_from_db()
    return trip.status


# submit ---------------------------------------------------------------------------------------


def test_the_traveller_submits_and_reads_the_stored_assessment(cast, api_for, api_clock, now):
    """GIVEN a lab draft a month ahead
    WHEN the traveller submits it at its version
    THEN it waits for the lab officer's step, with the assessment stored at submission."""
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.traveller).post(f"trips/{trip.pk}/submit", {"version": 1})
    assert answer.status == 200
    body = answer.json
    assert (body["status"], body["version"]) == ("submitted", 2)
    assert body["assessment_kind"] == "submitted"
    assert body["assessment"]["route"] == "review"
    assert [(r["step"], r["decision"]) for r in body["reviews"]] == [("org_security", "pending")]
    assert AuditEvent.objects.filter(action="trip.submitted").count() == 1


def test_submitting_a_draft_without_legs_names_the_legs(cast, api_for, api_clock, now):
    trip = create_draft(actor=cast.traveller, data=TripInput(title="Later"), now=now)
    answer = api_for(cast.traveller).post(f"trips/{trip.pk}/submit", {"version": 1})
    assert answer.status == 422
    assert "legs" in answer.problem_fields
    assert status_of(trip) == "draft"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "version"),
        ({"version": "one"}, "version"),
        ({"version": "1"}, "version"),
        ({"version": True}, "version"),
        ({"version": 1.5}, "version"),
        ({"version": 0}, "version"),
        ({"version": 1, "status": "approved"}, "status"),
    ],
)
def test_submit_refuses_a_bad_body(cast, api_for, api_clock, now, body, field):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.traveller).post(f"trips/{trip.pk}/submit", body)
    assert answer.status == 422
    assert field in answer.problem_fields
    assert status_of(trip) == "draft"


def test_submit_refuses_malformed_json_an_oversized_body_and_read_tokens(
    cast, api_for, api_clock, now
):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    api = api_for(cast.traveller)
    assert api.post(f"trips/{trip.pk}/submit", raw=b"version=1").status == 400
    padding = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert api.post(f"trips/{trip.pk}/submit", {"version": 1, "pad": padding}).status == 413
    read = api_for(cast.traveller, scope="read")
    assert read.post(f"trips/{trip.pk}/submit", {"version": 1}).status == 403
    assert api_for(None).post(f"trips/{trip.pk}/submit", {"version": 1}).status == 401
    assert status_of(trip) == "draft"


def test_submitting_a_stale_copy_is_409_with_the_current_version(cast, api_for, api_clock, now):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    api = api_for(cast.traveller)
    api.patch(f"trips/{trip.pk}", {"version": 1, "title": "Renamed"})
    answer = api.post(f"trips/{trip.pk}/submit", {"version": 1})
    assert answer.status == 409
    assert answer.json["current_version"] == 2
    assert status_of(trip) == "draft"


def test_submitting_twice_is_an_illegal_transition(cast, api_for, api_clock, now):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.traveller).post(f"trips/{trip.pk}/submit", {"version": trip.version})
    assert answer.status == 409
    assert answer.json.get("current_version") is None


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 403), ("oversight", 403), ("auditor", 403), *[(who, 404) for who in BLIND]],
)
def test_only_the_traveller_submits(cast, api_for, api_clock, now, who, status):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    answer = api_for(getattr(cast, who)).post(f"trips/{trip.pk}/submit", {"version": 1})
    assert answer.status == status
    assert status_of(trip) == "draft"


# decisions ------------------------------------------------------------------------------------


def test_the_officer_approves_with_conditions(cast, api_for, api_clock, now):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.officer).post(
        f"trips/{trip.pk}/decisions",
        {
            "decision": "approve",
            "conditions": "Travel with a clean laptop.",
            "version": trip.version,
            "step": "org_security",
        },
    )
    assert answer.status == 200
    body = answer.json
    assert body["status"] == "approved"
    review = body["reviews"][0]
    assert review["decision"] == "approve"
    assert review["by"]["username"] == "officer"
    assert review["conditions"] == "Travel with a clean laptop."
    assert review["at"] == "2026-03-02T09:00:00Z"


def test_a_request_for_changes_sends_the_trip_back_to_draft_with_the_comment(
    cast, api_for, api_clock, now
):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.officer).post(
        f"trips/{trip.pk}/decisions",
        {"decision": "request_changes", "comment": "Add the hotel.", "version": trip.version},
    )
    assert answer.status == 200
    assert answer.json["status"] == "draft"
    # Every caller who may see the trip reads the reviewers' comments (no internal ones yet).
    seen = api_for(cast.traveller).get(f"trips/{trip.pk}").json
    assert seen["reviews"][0]["comment"] == "Add the hotel."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "deny"}, "comment"),
        ({"decision": "request_changes", "comment": "  "}, "comment"),
        ({"decision": "maybe", "comment": "?"}, "decision"),
        ({"decision": "approve", "reviewer": 3}, "reviewer"),
        ({"comment": "no decision"}, "decision"),
    ],
)
def test_decisions_refuse_bad_input_naming_the_field(cast, api_for, api_clock, now, body, field):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.officer).post(
        f"trips/{trip.pk}/decisions", {"version": trip.version, **body}
    )
    assert answer.status == 422
    assert field in answer.problem_fields
    assert status_of(trip) == "submitted"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("traveller", 403),  # deciding their own trip
        ("auditor", 403),  # reads everything, decides nothing
        ("oversight", 403),  # the lab's pack asks only for the officer's step
        *[(who, 404) for who in BLIND],
    ],
)
def test_only_the_steps_reviewer_decides(cast, api_for, api_clock, now, who, status):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(getattr(cast, who)).post(
        f"trips/{trip.pk}/decisions", {"decision": "approve", "version": trip.version}
    )
    assert answer.status == status
    assert status_of(trip) == "submitted"


def test_deciding_a_stale_copy_the_wrong_step_or_a_draft_is_409(cast, api_for, api_clock, now):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    api = api_for(cast.officer)
    stale = api.post(
        f"trips/{trip.pk}/decisions", {"decision": "approve", "version": trip.version - 1}
    )
    assert stale.status == 409
    assert stale.json["current_version"] == trip.version
    wrong_step = api.post(
        f"trips/{trip.pk}/decisions",
        {"decision": "approve", "version": trip.version, "step": "oversight"},
    )
    assert wrong_step.status == 409
    assert status_of(trip) == "submitted"
    other = builders.draft(cast.traveller, now, WORKSHOP)
    assert (
        api.post(f"trips/{other.pk}/decisions", {"decision": "approve", "version": 1}).status == 409
    )


def test_a_restricted_trip_needs_the_officer_then_oversight(cast, api_for, api_clock, now):
    """GIVEN a robotics engineer's submitted trip to the US (the seed pack: two steps)
    WHEN oversight tries first, then the robotics officer approves, then oversight
    THEN oversight is refused until the officer's step is decided, and the trip is approved."""
    robo = builders.traveller("engineer", organisation=cast.robo)
    trip = builders.draft(
        robo,
        now,
        builders.Itinerary(
            title="Workshop in Berlin",
            country="US",
            starts_in_days=40,
            days=4,
            necessity="Votes in person only.",
            alternatives="Remote refused.",
        ),
    )
    api_for(robo).post(f"trips/{trip.pk}/submit", {"version": 1})
    oversight = api_for(cast.oversight)
    early = oversight.post(f"trips/{trip.pk}/decisions", {"decision": "approve", "version": 2})
    assert early.status == 403
    first = api_for(cast.other_officer).post(
        f"trips/{trip.pk}/decisions", {"decision": "approve", "version": 2}
    )
    assert first.json["status"] == "submitted"
    final = oversight.post(
        f"trips/{trip.pk}/decisions",
        {"decision": "approve", "version": first.json["version"], "step": "oversight"},
    )
    assert final.json["status"] == "approved"
    assert [r["by"]["username"] for r in final.json["reviews"]] == ["other_officer", "oversight"]


# withdraw -------------------------------------------------------------------------------------


def test_the_traveller_withdraws_with_a_reason(cast, api_for, api_clock, now):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.traveller).post(
        f"trips/{trip.pk}/withdraw", {"version": trip.version, "reason": "Event moved online."}
    )
    assert answer.status == 200
    assert answer.json["status"] == "withdrawn"
    event = AuditEvent.objects.get(action="trip.withdrawn")
    assert event.data["has_reason"] is True
    assert "Event moved online." not in str(event.data)


@pytest.mark.parametrize(
    ("who", "status"), [("officer", 403), ("oversight", 403), ("auditor", 403), ("colleague", 404)]
)
def test_only_the_traveller_withdraws(cast, api_for, api_clock, now, who, status):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(getattr(cast, who)).post(
        f"trips/{trip.pk}/withdraw", {"version": trip.version}
    )
    assert answer.status == status
    assert status_of(trip) == "submitted"


def test_a_trip_under_way_cannot_be_withdrawn_and_a_stale_copy_is_refused(
    cast, api_for, api_clock, now
):
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    api = api_for(cast.traveller)
    assert api.post(f"trips/{trip.pk}/withdraw", {"version": trip.version}).status == 409
    other = builders.submitted(cast.traveller, now, WORKSHOP)
    stale = api.post(f"trips/{other.pk}/withdraw", {"version": 1})
    assert stale.status == 409
    assert stale.json["current_version"] == other.version
    assert api.post(f"trips/{other.pk}/withdraw", {"version": 2, "reason": 5}).status == 422


# cancel ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "oversight"])
def test_an_officer_or_oversight_cancels_with_a_reason(cast, api_for, api_clock, now, who):
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    answer = api_for(getattr(cast, who)).post(
        f"trips/{trip.pk}/cancel", {"version": trip.version, "reason": "Advisory in force."}
    )
    assert answer.status == 200
    assert answer.json["status"] == "cancelled"
    assert answer.json["cancel_reason"] == "Advisory in force."


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "reason"), ({"reason": "   "}, "reason"), ({"reason": "x" * 2001}, "reason")],
)
def test_a_cancellation_needs_a_reason(cast, api_for, api_clock, now, body, field):
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    answer = api_for(cast.officer).post(
        f"trips/{trip.pk}/cancel", {"version": trip.version, **body}
    )
    assert answer.status == 422
    assert field in answer.problem_fields
    assert status_of(trip) == "approved"


@pytest.mark.parametrize(
    ("who", "status"),
    [("traveller", 403), ("auditor", 403), ("colleague", 404), ("other_officer", 404)],
)
def test_others_cannot_cancel(cast, api_for, api_clock, now, who, status):
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    answer = api_for(getattr(cast, who)).post(
        f"trips/{trip.pk}/cancel", {"version": trip.version, "reason": "No."}
    )
    assert answer.status == status
    assert status_of(trip) == "approved"


def test_a_draft_cannot_be_cancelled(cast, api_for, api_clock, now):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.officer).post(f"trips/{trip.pk}/cancel", {"version": 1, "reason": "x"})
    assert answer.status == 409


# briefing-ack ---------------------------------------------------------------------------------


def test_the_traveller_acknowledges_the_briefing_a_restricted_trip_asks_for(
    cast, api_for, api_clock, now
):
    robo = builders.traveller("engineer", organisation=cast.robo)
    trip = builders.approved(
        robo, now, reviewers=[cast.other_officer, cast.oversight], itinerary=builders.summit()
    )
    assert trip.assessment is not None
    assert trip.assessment["briefing_required"] is True
    answer = api_for(robo).post(f"trips/{trip.pk}/briefing-ack", {"version": trip.version})
    assert answer.status == 200
    assert answer.json["briefing_acknowledged_at"] == "2026-03-02T09:00:00Z"
    assert answer.json["version"] == trip.version + 1
    stale = api_for(robo).post(f"trips/{trip.pk}/briefing-ack", {"version": trip.version})
    assert stale.status == 409
    assert stale.json["current_version"] == trip.version + 1


def test_a_trip_without_a_briefing_cannot_acknowledge_one(cast, api_for, api_clock, now):
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    answer = api_for(cast.traveller).post(
        f"trips/{trip.pk}/briefing-ack", {"version": trip.version}
    )
    assert answer.status == 422
    assert "briefing" in answer.problem_fields


@pytest.mark.parametrize(("who", "status"), [("other_officer", 403), ("oversight", 403)])
def test_only_the_traveller_acknowledges_the_briefing(cast, api_for, api_clock, now, who, status):
    robo = builders.traveller("engineer", organisation=cast.robo)
    trip = builders.approved(
        robo, now, reviewers=[cast.other_officer, cast.oversight], itinerary=builders.summit()
    )
    answer = api_for(getattr(cast, who)).post(
        f"trips/{trip.pk}/briefing-ack", {"version": trip.version}
    )
    assert answer.status == status
    trip.refresh_from_db()
    assert trip.briefing_acknowledged_at is None


def test_a_draft_has_no_briefing_to_acknowledge(cast, api_for, api_clock, now):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.traveller).post(f"trips/{trip.pk}/briefing-ack", {"version": 1})
    assert answer.status == 409
