"""The debrief through the API: the traveller writes it (`PUT`) and files it; the organisation's
officer or oversight accepts it or asks for more; everyone who may see the trip reads it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from sojourn.debriefs import filing
from sojourn.debriefs.models import Debrief
from sojourn.debriefs.services import save_draft
from sojourn.testing import builders
from sojourn.testing.builders import DAY, at
from sojourn.trips.models import Trip

READERS = ["traveller", "officer", "oversight", "auditor"]
BLIND = ["colleague", "other_officer"]


def debrief_body(**extra: Any) -> dict[str, Any]:
    return {
        "summary": "Two talks at TU Berlin and a lab visit.",
        "materials": "Slides of both talks.",
        "meetings": [
            {
                "counterpart": "Dr. Weber",
                "organisation": "TU Berlin",
                "country": "DE",
                "topics": "robot learning",
                "sensitive_topics": False,
                "future_contact_requested": True,
            }
        ],
        "incidents": [
            {
                "kind": "questioning",
                "description": "Asked about the lab's projects at the border.",
                "occurred_on": "2026-04-01",
                "country": "DE",
            }
        ],
        **extra,
    }


@pytest.fixture
def back(cast, now, api_clock):
    """A lab trip the traveller is back from; the API's clock the evening after."""
    trip = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin", days=4),
    )
    assert trip.ends_on is not None
    api_clock(at(trip.ends_on + DAY, 18))
    return trip


def current(trip: Trip) -> Trip:
    trip.refresh_from_db()
    return trip


# PUT /trips/{id}/debrief ----------------------------------------------------------------------


def test_the_traveller_writes_the_debrief_with_its_rows(cast, api_for, back):
    answer = api_for(cast.traveller).put(f"trips/{back.pk}/debrief", debrief_body())
    assert answer.status == 200
    body = answer.json
    assert body["status"] == "draft"
    assert body["summary"] == "Two talks at TU Berlin and a lab visit."
    assert body["no_meetings"] is False
    assert body["meetings"][0]["future_contact_requested"] is True
    assert body["incidents"][0]["kind"] == "questioning"
    assert body["trip_id"] == back.pk


def test_writing_again_replaces_the_rows(cast, api_for, back):
    api = api_for(cast.traveller)
    api.put(f"trips/{back.pk}/debrief", debrief_body())
    answer = api.put(
        f"trips/{back.pk}/debrief", {"summary": "Shorter.", "no_meetings": True, "incidents": []}
    )
    assert answer.status == 200
    assert (answer.json["meetings"], answer.json["incidents"]) == ([], [])
    assert answer.json["no_meetings"] is True
    debrief = Debrief.objects.get()
    assert (debrief.meetings.count(), debrief.incidents.count()) == (0, 0)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"incidents": [{"kind": "bribe", "description": "x"}]}, "incidents[0].kind"),
        ({"incidents": [{"kind": "gift", "description": "  "}]}, "incidents[0].description"),
        ({"incidents": [{"kind": "gift", "description": "A pen", "occurred_on": "2026-02-30"}]},
         "incidents[0].occurred_on"),
        ({"meetings": [{"counterpart": " "}]}, "meetings[0].counterpart"),
        ({"meetings": [{"organisation": "TU Berlin"}]}, "meetings[0].counterpart"),
        ({"no_meetings": True}, "no_meetings"),
        ({"status": "accepted"}, "status"),
        ({"reviewed_by": 3}, "reviewed_by"),
    ],
)  # fmt: skip
def test_the_debrief_refuses_bad_input_naming_the_field(cast, api_for, back, change, field):
    answer = api_for(cast.traveller).put(f"trips/{back.pk}/debrief", debrief_body(**change))
    assert answer.status == 422
    assert field in answer.problem_fields, answer.problem_fields
    assert not Debrief.objects.exists()


def test_writing_refuses_malformed_json_oversized_bodies_and_read_tokens(cast, api_for, back):
    api = api_for(cast.traveller)
    assert api.put(f"trips/{back.pk}/debrief", raw=b'{"summary": ').status == 400
    huge = debrief_body(summary="x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    assert api.put(f"trips/{back.pk}/debrief", huge).status == 413
    read = api_for(cast.traveller, scope="read")
    assert read.put(f"trips/{back.pk}/debrief", debrief_body()).status == 403
    assert api_for(None).put(f"trips/{back.pk}/debrief", debrief_body()).status == 401
    assert not Debrief.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 403), ("oversight", 403), ("auditor", 403), ("colleague", 404)],
)
def test_only_the_traveller_writes_the_debrief(cast, api_for, back, who, status):
    answer = api_for(getattr(cast, who)).put(f"trips/{back.pk}/debrief", debrief_body())
    assert answer.status == status
    assert not Debrief.objects.exists()


def test_no_debrief_before_departure_nor_once_filed(cast, api_for, api_clock, now):
    api = api_for(cast.traveller)
    ahead = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Ahead", days=4),
    )
    assert api.put(f"trips/{ahead.pk}/debrief", debrief_body()).status == 409
    done = builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Filed", days=4),
        summary="Two talks, one lab visit.",
    )
    assert api.put(f"trips/{done.pk}/debrief", debrief_body()).status == 409


# GET /trips/{id}/debrief ----------------------------------------------------------------------


@pytest.mark.parametrize("who", READERS)
def test_those_who_may_see_the_trip_read_its_debrief(cast, api_for, back, who):
    traveller = api_for(cast.traveller)
    traveller.put(f"trips/{back.pk}/debrief", debrief_body())
    assert (
        traveller.post(f"trips/{back.pk}/debrief/submit", {"version": back.version}).status == 200
    )
    answer = api_for(getattr(cast, who), scope="read").get(f"trips/{back.pk}/debrief")
    assert answer.status == 200
    assert answer.json["meetings"][0]["counterpart"] == "Dr. Weber"
    embedded = api_for(getattr(cast, who)).get(f"trips/{back.pk}").json["debrief"]
    assert embedded == answer.json


@pytest.mark.parametrize("who", ["officer", "oversight", "auditor"])
def test_a_draft_is_the_travellers_own_until_filed(cast, api_for, back, who):
    """As on the web: the readers of a debrief read it once it is filed, not while it is written."""
    api_for(cast.traveller).put(f"trips/{back.pk}/debrief", debrief_body())
    reader = api_for(getattr(cast, who))
    answer = reader.get(f"trips/{back.pk}/debrief")
    assert answer.status == 404
    assert b"Weber" not in answer.raw
    assert reader.get(f"trips/{back.pk}").json["debrief"] is None
    assert api_for(cast.traveller).get(f"trips/{back.pk}/debrief").json["status"] == "draft"


@pytest.mark.parametrize("who", BLIND)
def test_others_get_404_for_the_debrief(cast, api_for, back, who):
    api_for(cast.traveller).put(f"trips/{back.pk}/debrief", debrief_body())
    answer = api_for(getattr(cast, who)).get(f"trips/{back.pk}/debrief")
    assert answer.status == 404
    assert b"Weber" not in answer.raw


def test_a_debrief_not_yet_written_is_404(cast, api_for, back):
    assert api_for(cast.officer).get(f"trips/{back.pk}/debrief").status == 404


# POST /trips/{id}/debrief/submit --------------------------------------------------------------


def test_the_traveller_files_the_debrief(cast, api_for, back):
    api = api_for(cast.traveller)
    api.put(f"trips/{back.pk}/debrief", debrief_body())
    answer = api.post(f"trips/{back.pk}/debrief/submit", {"version": back.version})
    assert answer.status == 200
    assert answer.json["status"] == "debriefed"
    assert answer.json["debrief"]["status"] == "submitted"


def test_filing_needs_a_summary(cast, api_for, back):
    api = api_for(cast.traveller)
    api.put(f"trips/{back.pk}/debrief", debrief_body(summary=""))
    answer = api.post(f"trips/{back.pk}/debrief/submit", {"version": back.version})
    assert answer.status == 422
    assert "summary" in answer.problem_fields
    assert current(back).status == "returned"


def test_filing_refuses_a_stale_copy_and_other_roles(cast, api_for, back):
    api_for(cast.traveller).put(f"trips/{back.pk}/debrief", debrief_body())
    stale = api_for(cast.traveller).post(
        f"trips/{back.pk}/debrief/submit", {"version": back.version - 1}
    )
    assert stale.status == 409
    assert stale.json["current_version"] == back.version
    officer = api_for(cast.officer).post(
        f"trips/{back.pk}/debrief/submit", {"version": back.version}
    )
    assert officer.status == 403
    other = api_for(cast.other_officer).post(
        f"trips/{back.pk}/debrief/submit", {"version": back.version}
    )
    assert other.status == 404
    assert current(back).status == "returned"


def test_a_detailed_debrief_needs_a_meeting_or_an_explicit_none(cast, api_for, api_clock, now):
    """GIVEN a robotics engineer back from the US (the seed pack asks for a detailed debrief)
    WHEN they file a debrief listing no meeting and not saying there was none
    THEN it is refused naming `no_meetings`; once they say there was none, it is filed."""
    robo = builders.traveller("engineer", organisation=cast.robo)
    trip = builders.returned(
        robo, now, reviewers=[cast.other_officer, cast.oversight], itinerary=builders.summit()
    )
    assert trip.assessment is not None
    assert trip.assessment["debrief_depth"] == "detailed"
    assert trip.ends_on is not None
    api_clock(at(trip.ends_on + DAY))
    api = api_for(robo)
    api.put(f"trips/{trip.pk}/debrief", debrief_body(meetings=[]))
    refused = api.post(f"trips/{trip.pk}/debrief/submit", {"version": trip.version})
    assert refused.status == 422
    assert "no_meetings" in refused.problem_fields
    api.put(f"trips/{trip.pk}/debrief", debrief_body(meetings=[], no_meetings=True))
    answer = api.post(f"trips/{trip.pk}/debrief/submit", {"version": trip.version})
    assert answer.status == 200
    assert answer.json["status"] == "debriefed"


# POST /trips/{id}/debrief/review --------------------------------------------------------------


@pytest.fixture
def filed(cast, back):
    """The lab trip with its debrief filed by the traveller."""
    moment = at(back.ends_on + DAY)
    save_draft(back, actor=cast.traveller, now=moment, summary="Two talks.")
    return filing.submit_debrief(back, actor=cast.traveller, now=moment)


@pytest.mark.parametrize("who", ["officer", "oversight"])
def test_the_officer_or_oversight_accepts_and_the_trip_closes(cast, api_for, filed, who):
    trip, version = filed, filed.version
    answer = api_for(getattr(cast, who)).post(
        f"trips/{trip.pk}/debrief/review", {"decision": "accept", "version": version}
    )
    assert answer.status == 200
    assert answer.json["status"] == "closed"
    assert answer.json["debrief"]["status"] == "accepted"
    assert answer.json["debrief"]["reviewed_by"]["username"] == getattr(cast, who).username


def test_asking_for_more_needs_a_comment_and_sends_it_back(cast, api_for, filed):
    trip, version = filed, filed.version
    api = api_for(cast.officer)
    bare = api.post(
        f"trips/{trip.pk}/debrief/review", {"decision": "request_info", "version": version}
    )
    assert bare.status == 422
    assert "comment" in bare.problem_fields
    answer = api.post(
        f"trips/{trip.pk}/debrief/review",
        {"decision": "request_info", "comment": "Whom did you meet?", "version": version},
    )
    assert answer.status == 200
    assert answer.json["status"] == "returned"
    assert answer.json["debrief"]["status"] == "info_requested"
    assert answer.json["debrief"]["review_comment"] == "Whom did you meet?"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "reject"}, "decision"),
        ({"decision": "accept", "closed_at": "2026-01-01"}, "closed_at"),
        ({}, "decision"),
    ],
)
def test_a_review_refuses_bad_input(cast, api_for, filed, body, field):
    trip, version = filed, filed.version
    answer = api_for(cast.officer).post(
        f"trips/{trip.pk}/debrief/review", {"version": version, **body}
    )
    assert answer.status == 422
    assert field in answer.problem_fields
    assert current(trip).status == "debriefed"


@pytest.mark.parametrize(
    ("who", "status"),
    [("traveller", 403), ("auditor", 403), ("other_officer", 404), ("colleague", 404)],
)
def test_others_cannot_review(cast, api_for, filed, who, status):
    trip, version = filed, filed.version
    answer = api_for(getattr(cast, who)).post(
        f"trips/{trip.pk}/debrief/review", {"decision": "accept", "version": version}
    )
    assert answer.status == status
    assert current(trip).status == "debriefed"


def test_reviewing_before_filing_or_with_a_stale_copy_is_409(cast, api_for, back):
    save_draft(back, actor=cast.traveller, now=at(back.ends_on + DAY), summary="Two talks.")
    api = api_for(cast.officer)
    body = {"decision": "accept", "version": back.version}
    assert api.post(f"trips/{back.pk}/debrief/review", body).status == 409
    api_for(cast.traveller).post(f"trips/{back.pk}/debrief/submit", {"version": back.version})
    stale = api.post(f"trips/{back.pk}/debrief/review", body)
    assert stale.status == 409
    assert stale.json["current_version"] == back.version + 1
    assert current(back).status == "debriefed"


@pytest.mark.parametrize("disposition", ["anonymise", "archive"])
def test_a_debrief_at_the_end_of_its_period_says_so_through_the_api(
    cast, now, api_for, settings, disposition
):
    """Retention's end of a debrief is on the debrief the API gives: when it was anonymised
    (its texts empty since) or archived (kept whole, out of the lists); null otherwise."""
    from sojourn.retention.job import run

    settings.SOJOURN_RETENTION_DEBRIEF_DISPOSITION = disposition
    trip = builders.closed(cast.traveller, now, reviewers=[cast.officer], accepted_by=cast.officer)
    before = api_for(cast.officer).get(f"trips/{trip.pk}/debrief").json
    assert trip.closed_at is not None
    moment = trip.closed_at + settings.SOJOURN_RETENTION_DEBRIEF_YEARS * 366 * DAY

    run(moment, apply=True)

    after = api_for(cast.officer).get(f"trips/{trip.pk}/debrief").json
    ended = "anonymised_at" if disposition == "anonymise" else "archived_at"
    kept = "archived_at" if disposition == "anonymise" else "anonymised_at"
    assert (before[ended], before[kept]) == (None, None)
    assert (after[ended], after[kept]) == (moment.isoformat().replace("+00:00", "Z"), None)
    assert (after["summary"] == "") == (disposition == "anonymise")
