"""`POST /trips`, `GET /trips/{id}`, `PATCH /trips/{id}`: reporting a draft, reading a trip as
the caller may, and editing a draft — with every refusal a problem naming what was wrong."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from sojourn.audit.models import AuditEvent
from sojourn.testing import builders
from sojourn.testing.bodies import leg_body, trip_body
from sojourn.testing.builders import DAY
from sojourn.trips.invitations import InvitationInput, record
from sojourn.trips.models import Invitation, Trip

# The trip these tests build: the one bodies.trip_body describes (four days in Berlin).
WORKSHOP = builders.Itinerary(title="Workshop in Berlin", days=4)

# Who may see a lab traveller's trip: the traveller, the lab's officer, oversight, the auditor.
SEES = ["traveller", "officer", "oversight", "auditor"]
BLIND = ["colleague", "other_officer"]


# POST /trips ----------------------------------------------------------------------------------


def test_a_traveller_reports_a_draft_and_reads_its_live_assessment(cast, api_for, api_clock, now):
    """GIVEN a traveller of the lab
    WHEN they POST a trip with one leg and one planned meeting
    THEN it is a draft of theirs (201), its dates follow the leg, and the answer carries the
    live assessment of the draft under the lab's pack, marked as live."""
    answer = api_for(cast.traveller).post("trips", trip_body(now))

    assert answer.status == 201
    body = answer.json
    trip = Trip.objects.get()
    assert body["id"] == trip.pk
    assert (body["status"], body["version"]) == ("draft", 1)
    assert body["traveller"]["username"] == "traveller"
    assert body["organisation"]["slug"] == "lab"
    assert body["starts_on"] == (now.date() + 30 * DAY).isoformat()
    assert body["legs"][0]["country"] == "DE"
    assert body["meetings"][0]["counterpart"] == "Dr. Weber"
    assert body["assessment_kind"] == "live"
    assert body["assessment"]["policy"] == "lifecycle-test@1"
    assert body["assessment"]["approvals"] == ["org_security"]
    assert body["reviews"] == []
    assert body["checkins"] == []
    assert body["debrief"] is None
    assert AuditEvent.objects.filter(action="trip.created", object_id=str(trip.pk)).count() == 1


def test_a_draft_without_legs_has_no_assessment_yet(cast, api_for, api_clock, now):
    answer = api_for(cast.traveller).post("trips", {"title": "Somewhere, some day"})
    assert answer.status == 201
    assert answer.json["assessment"] is None
    assert answer.json["assessment_kind"] is None
    assert answer.json["starts_on"] is None


BAD_BODIES = {
    "end before start": (
        {"legs": [leg_body(datetime.date(2026, 4, 10), days=-2)]},
        "legs[0].ends_on",
    ),
    "30 February": (
        {"legs": [{"country": "DE", "starts_on": "2026-02-30", "ends_on": "2026-03-03"}]},
        "legs[0].starts_on",
    ),
    "unknown country": (
        {"legs": [leg_body(datetime.date(2026, 4, 10), country="XX")]},
        "legs[0].country",
    ),
    "a country that is not two letters": (
        {"legs": [leg_body(datetime.date(2026, 4, 10), country="Germany")]},
        "legs[0].country",
    ),
    "a date given as a number": (
        {"legs": [{"country": "DE", "starts_on": 0, "ends_on": "2026-04-03"}]},
        "legs[0].starts_on",
    ),
    "a date with a time": (
        {"legs": [{"country": "DE", "starts_on": "2026-04-01T10:00", "ends_on": "2026-04-03"}]},
        "legs[0].starts_on",
    ),
    "a flag given as text": (
        {"legs": [leg_body(datetime.date(2026, 4, 10), transit="yes")]},
        "legs[0].transit",
    ),
    "an invitation id given as text": ({"invitation_id": "1"}, "invitation_id"),
    "blank title": ({"title": "   "}, "title"),
    "title too long": ({"title": "x" * 201}, "title"),
    "unknown purpose": ({"purpose": "holiday"}, "purpose"),
    "a meeting with nobody": (
        {"meetings": [{"counterpart": " ", "organisation": "TU Berlin"}]},
        "meetings[0].counterpart",
    ),
    "status set by the client": ({"status": "approved"}, "status"),
    "traveller set by the client": ({"traveller": 1}, "traveller"),
    "version set by the client": ({"version": 7}, "version"),
    "reviews set by the client": ({"reviews": []}, "reviews"),
    "an unknown field in a leg": (
        {"legs": [leg_body(datetime.date(2026, 4, 10), risk=0)]},
        "legs[0].risk",
    ),
}


@pytest.mark.parametrize(("change", "field"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_create_refuses_bad_input_naming_the_field(cast, api_for, api_clock, now, change, field):
    body = {**trip_body(now), **change}
    answer = api_for(cast.traveller).post("trips", body)
    assert answer.status == 422
    assert field in answer.problem_fields, answer.problem_fields
    assert not Trip.objects.exists()


def test_create_without_a_title_names_it(cast, api_for, api_clock, now):
    body = trip_body(now)
    del body["title"]
    answer = api_for(cast.traveller).post("trips", body)
    assert answer.status == 422
    assert set(answer.problem_fields) == {"title"}


def test_malformed_json_is_400(cast, api_for, api_clock):
    answer = api_for(cast.traveller).post("trips", raw=b'{"title": "Berlin",')
    assert answer.status == 400
    assert answer.content_type == "application/problem+json"
    assert not Trip.objects.exists()


def test_a_body_over_the_limit_is_413(cast, api_for, api_clock, now):
    body = trip_body(now, necessity="x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    answer = api_for(cast.traveller).post("trips", body)
    assert answer.status == 413
    assert answer.content_type == "application/problem+json"
    assert not Trip.objects.exists()


def test_a_read_token_cannot_report_and_no_token_is_401(cast, api_for, api_clock, now):
    assert api_for(cast.traveller, scope="read").post("trips", trip_body(now)).status == 403
    assert api_for(None).post("trips", trip_body(now)).status == 401
    assert not Trip.objects.exists()


@pytest.mark.parametrize("who", ["officer", "other_officer", "oversight", "auditor"])
def test_only_travellers_report_trips(cast, api_for, api_clock, now, who):
    answer = api_for(getattr(cast, who)).post("trips", trip_body(now))
    assert answer.status == 403
    assert not Trip.objects.exists()


def _invitation(user: User, now: datetime.datetime) -> Invitation:
    return record(
        actor=user,
        now=now,
        data=InvitationInput(
            event="Agents summit",
            host_organisation="TU Berlin",
            country="DE",
            starts_on=now.date() + 30 * DAY,
            ends_on=now.date() + 32 * DAY,
            paid_by="host",
            received_on=now.date(),
        ),
    )


def test_a_draft_answers_one_of_the_travellers_own_invitations(cast, api_for, api_clock, now):
    mine = _invitation(cast.traveller, now)
    theirs = _invitation(cast.colleague, now)
    api = api_for(cast.traveller)

    answer = api.post("trips", trip_body(now, invitation_id=mine.pk))
    assert answer.status == 201
    assert answer.json["invitation_id"] == mine.pk

    refused = api.post("trips", trip_body(now, invitation_id=theirs.pk))
    assert refused.status == 422
    assert "invitation_id" in refused.problem_fields
    assert Trip.objects.count() == 1


# GET /trips/{id} ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", SEES)
def test_those_who_may_see_a_trip_read_it(cast, api_for, api_clock, now, who):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(getattr(cast, who), scope="read").get(f"trips/{trip.pk}")
    assert answer.status == 200
    assert answer.json["id"] == trip.pk


@pytest.mark.parametrize("who", BLIND)
def test_others_get_404_exactly_as_for_a_trip_that_does_not_exist(
    cast, api_for, api_clock, now, who
):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    api = api_for(getattr(cast, who))
    hidden = api.get(f"trips/{trip.pk}")
    missing = api.get(f"trips/{trip.pk + 1000}")
    assert hidden.status == missing.status == 404
    assert hidden.json == missing.json
    assert b"Berlin" not in hidden.raw


@pytest.mark.parametrize("trip_id", ["abc", "0", "-1", "99999999999999999999"])
def test_an_id_that_cannot_be_a_trip_is_refused_as_a_problem(cast, api_for, api_clock, trip_id):
    answer = api_for(cast.oversight).get(f"trips/{trip_id}")
    assert answer.status == 422
    assert "trip_id" in answer.problem_fields


def test_reading_without_a_token_is_401(cast, api_for, api_clock, now):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    assert api_for(None).get(f"trips/{trip.pk}").status == 401


def test_a_submitted_trip_reads_with_its_stored_assessment_and_reviews(
    cast, api_for, api_clock, now
):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    assert trip.assessment is not None
    body = api_for(cast.officer).get(f"trips/{trip.pk}").json
    assert body["status"] == "submitted"
    assert body["assessment_kind"] == "submitted"
    worded = {"findings", "risk", "tier_label", "device_guidance", "briefing_text"}
    stored = trip.assessment
    assert {k: v for k, v in body["assessment"].items() if k not in worded} == {
        k: v for k, v in stored.items() if k in body["assessment"] and k not in worded
    }
    # The words are rendered for the caller from the codes and params stored.
    assert body["assessment"]["tier_label"] == "reviewed"
    assert body["assessment"]["risk"]["score"] == stored["risk"]["score"]
    assert [(f["code"], f["params"]) for f in body["assessment"]["risk"]["factors"]] == [
        (f["code"], f["params"]) for f in stored["risk"]["factors"]
    ]
    assert body["reviews"] == [
        {
            "step": "org_security",
            "round": 1,
            "decision": "pending",
            "by": None,
            "at": None,
            "comment": "",
            "conditions": "",
        }
    ]
    assert body["submitted_at"] == "2026-03-02T09:00:00Z"


# PATCH /trips/{id} ----------------------------------------------------------------------------


def test_patching_replaces_only_the_fields_present(cast, api_for, api_clock, now):
    """GIVEN a draft with a leg in Germany and a planned meeting
    WHEN the traveller patches its necessity and sends a new list of legs
    THEN those replace the draft's wholesale, the title and meetings stay, the version moves."""
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    start = now.date() + 50 * DAY
    answer = api_for(cast.traveller).patch(
        f"trips/{trip.pk}",
        {
            "version": 1,
            "necessity": "The only meeting of the year.",
            "legs": [leg_body(start, country="FR"), leg_body(start + 5 * DAY, country="BE")],
        },
    )
    assert answer.status == 200
    body = answer.json
    assert body["version"] == 2
    assert body["necessity"] == "The only meeting of the year."
    assert body["title"] == "Workshop in Berlin"
    assert [leg["country"] for leg in body["legs"]] == ["FR", "BE"]
    assert body["meetings"][0]["counterpart"] == "Dr. Weber"
    assert body["starts_on"] == start.isoformat()
    assert body["ends_on"] == (start + 9 * DAY).isoformat()


def test_patching_a_stale_version_is_409_with_the_current_one(cast, api_for, api_clock, now):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    api = api_for(cast.traveller)
    assert api.patch(f"trips/{trip.pk}", {"version": 1, "title": "First"}).status == 200
    stale = api.patch(f"trips/{trip.pk}", {"version": 1, "title": "Second"})
    assert stale.status == 409
    assert stale.json["current_version"] == 2
    assert "version" in stale.problem_fields
    assert Trip.objects.get().title == "First"


def test_only_a_draft_is_patched(cast, api_for, api_clock, now):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.traveller).patch(
        f"trips/{trip.pk}", {"version": trip.version, "title": "Changed"}
    )
    assert answer.status == 409
    assert Trip.objects.get().title == "Workshop in Berlin"


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 403), ("oversight", 403), ("colleague", 404), ("other_officer", 404)],
)
def test_only_the_traveller_patches_their_draft(cast, api_for, api_clock, now, who, status):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    answer = api_for(getattr(cast, who)).patch(f"trips/{trip.pk}", {"version": 1, "title": "Mine"})
    assert answer.status == status
    assert Trip.objects.get().title == "Workshop in Berlin"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"status": "approved"}, "status"),
        ({"traveller": 3}, "traveller"),
        ({"legs": [leg_body(datetime.date(2026, 5, 1), days=-1)]}, "legs[0].ends_on"),
        (
            {"legs": [{"country": "DE", "starts_on": "2026-02-30", "ends_on": "2026-03-03"}]},
            "legs[0].starts_on",
        ),
        ({"legs": [leg_body(datetime.date(2026, 5, 1), country="ZZ")]}, "legs[0].country"),
        ({"title": ""}, "title"),
    ],
    ids=["status", "traveller", "end before start", "30 February", "unknown country", "title"],
)
def test_patch_refuses_bad_input_naming_the_field(cast, api_for, api_clock, now, change, field):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    answer = api_for(cast.traveller).patch(f"trips/{trip.pk}", {"version": 1, **change})
    assert answer.status == 422
    assert field in answer.problem_fields
    trip.refresh_from_db()
    assert (trip.version, trip.title) == (1, "Workshop in Berlin")


def test_patch_needs_the_version_and_json(cast, api_for, api_clock, now):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    api = api_for(cast.traveller)
    missing = api.patch(f"trips/{trip.pk}", {"title": "No version"})
    assert missing.status == 422
    assert "version" in missing.problem_fields
    assert api.call("PATCH", f"trips/{trip.pk}", raw=b"{version: 1}").status == 400
    assert (
        api_for(cast.traveller, scope="read")
        .patch(f"trips/{trip.pk}", {"version": 1, "title": "Read only"})
        .status
        == 403
    )


def test_a_draft_reads_the_live_assessment_after_each_edit(cast, api_for, api_clock, now):
    """The live assessment follows the draft: a leg moved within the advance notice makes it
    a late report before it is even submitted."""
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    soon = now.date() + 3 * DAY
    answer = api_for(cast.traveller).patch(
        f"trips/{trip.pk}", {"version": 1, "legs": [leg_body(soon)]}
    )
    codes = [finding["code"] for finding in answer.json["assessment"]["findings"]]
    assert answer.json["assessment_kind"] == "live"
    assert "late_report" in codes
