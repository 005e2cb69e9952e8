"""`Idempotency-Key` on the trip POSTs: a replay answers the first response again and performs
nothing twice; the same key with another body is refused."""

from __future__ import annotations

from typing import Any

from sojourn.api.models import IdempotencyRecord
from sojourn.audit.models import AuditEvent
from sojourn.care.models import CheckIn, Deviation
from sojourn.debriefs.services import save_draft
from sojourn.testing import builders
from sojourn.testing.bodies import trip_body
from sojourn.testing.builders import at
from sojourn.trips.models import Review, Trip

# The trip these tests build: the one bodies.trip_body describes (four days in Berlin).
WORKSHOP = builders.Itinerary(title="Workshop in Berlin", days=4)

KEY = {"Idempotency-Key": "2f0c6d1e-6b8e-4c57-9d0a-1b2c3d4e5f60"}


def twice(api: Any, path: str, body: dict[str, Any]) -> Any:
    first = api.post(path, body, headers=KEY)
    second = api.post(path, body, headers=KEY)
    assert first.status < 300, first.raw[:500]
    assert (second.status, second.raw) == (first.status, first.raw)
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"
    return first


def test_a_replayed_report_creates_one_trip(cast, api_for, api_clock, now):
    """GIVEN a traveller whose network dropped the answer to their POST /trips
    WHEN they send the same request again with the same key
    THEN they get the first answer (201, the same trip) and only one trip exists."""
    first = twice(api_for(cast.traveller), "trips", trip_body(now))
    assert first.status == 201
    assert Trip.objects.count() == 1
    assert AuditEvent.objects.filter(action="trip.created").count() == 1


def test_the_same_key_with_another_body_is_refused(cast, api_for, api_clock, now):
    api = api_for(cast.traveller)
    assert api.post("trips", trip_body(now), headers=KEY).status == 201
    other = api.post("trips", trip_body(now, title="Another trip"), headers=KEY)
    assert other.status == 422
    assert "Idempotency-Key" in other.problem_fields
    assert Trip.objects.count() == 1


def test_a_replayed_submission_submits_once(cast, api_for, api_clock, now):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    api = api_for(cast.traveller)
    first = twice(api, f"trips/{trip.pk}/submit", {"version": 1})
    assert first.json["status"] == "submitted"
    assert AuditEvent.objects.filter(action="trip.submitted").count() == 1
    # Without the key, the same request is a new one: the trip is no longer a draft.
    assert api.post(f"trips/{trip.pk}/submit", {"version": 1}).status == 409


def test_a_replayed_decision_decides_once(cast, api_for, api_clock, now):
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    body = {"decision": "approve", "version": trip.version}
    twice(api_for(cast.officer), f"trips/{trip.pk}/decisions", body)
    assert Review.objects.filter(trip=trip, decision="approve").count() == 1
    assert AuditEvent.objects.filter(action="trip.approved").count() == 1


def replayed_without_where(api: Any, path: str, body: dict[str, Any]) -> tuple[Any, Any]:
    """A location-bearing answer: the replay is the first answer with its place null, since
    the record of it keeps no location."""
    first = api.post(path, body, headers=KEY)
    second = api.post(path, body, headers=KEY)
    assert first.status < 300, first.raw[:500]
    assert second.status == first.status
    assert second.headers["Idempotent-Replayed"] == "true"
    where = {"country", "city", "note", "reason"}
    assert {k: v for k, v in second.json.items() if k not in where} == {
        k: v for k, v in first.json.items() if k not in where
    }
    assert all(second.json[key] is None for key in where & set(second.json))
    return first, second


def test_a_replayed_checkin_records_one(cast, api_for, api_clock, now):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer], itinerary=WORKSHOP)
    assert trip.starts_on is not None
    api_clock(at(trip.starts_on, 12))
    replayed_without_where(api_for(cast.traveller), f"trips/{trip.pk}/checkins", {"status": "ok"})
    assert CheckIn.objects.count() == 1


def test_the_record_of_a_checkin_keeps_no_location(cast, api_for, api_clock, now):
    """GIVEN a traveller checking in from a city with a note, with an Idempotency-Key
    WHEN the answer is remembered for replays
    THEN the stored answer holds neither the city nor the note, and a replay answers them null."""
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    api_clock(at(trip.starts_on, 12))
    body = {"status": "need_help", "country": "DE", "city": "Kreuzberg", "note": "At the desk"}
    first, second = replayed_without_where(
        api_for(cast.traveller), f"trips/{trip.pk}/checkins", body
    )
    assert first.json["city"] == "Kreuzberg"
    [record] = IdempotencyRecord.objects.all()
    assert b"Kreuzberg" not in bytes(record.body)
    assert b"At the desk" not in bytes(record.body)
    assert second.json["id"] == first.json["id"]


def test_a_replayed_deviation_adds_one_leg(cast, api_for, api_clock, now):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer], itinerary=WORKSHOP)
    assert trip.starts_on is not None
    api_clock(at(trip.starts_on, 12))
    body = {
        "country": "NL",
        "starts_on": trip.starts_on.isoformat(),
        "ends_on": trip.starts_on.isoformat(),
        "reason": "A day in Delft.",
    }
    replayed_without_where(api_for(cast.traveller), f"trips/{trip.pk}/deviations", body)
    assert Deviation.objects.count() == 1
    assert trip.legs.count() == 2


def test_a_replayed_debrief_submission_files_once(cast, api_for, api_clock, now):
    trip = builders.returned(cast.traveller, now, reviewers=[cast.officer], itinerary=WORKSHOP)
    assert trip.ends_on is not None
    moment = at(trip.ends_on, 22)
    api_clock(moment)
    save_draft(trip, actor=cast.traveller, now=moment, summary="Talks and a lab visit.")
    twice(api_for(cast.traveller), f"trips/{trip.pk}/debrief/submit", {"version": trip.version})
    assert AuditEvent.objects.filter(action="trip.debrief_submitted").count() == 1


def test_a_replay_is_answered_only_to_a_token_with_the_original_scope(
    cast, api_for, api_clock, now
):
    """GIVEN a submission made with a write token and an Idempotency-Key
    WHEN a read-only token of the same person sends the same key and body
    THEN it is refused as any read-only write is (403), not shown the first answer."""
    trip = builders.draft(cast.traveller, now)
    body = {"version": trip.version}
    first = api_for(cast.traveller).post(f"trips/{trip.pk}/submit", body, headers=KEY)
    assert first.status == 200

    again = api_for(cast.traveller, scope="read").post(f"trips/{trip.pk}/submit", body, headers=KEY)

    assert again.status == 403
    assert "Idempotent-Replayed" not in again.headers
    # Another write token of theirs still gets the replay.
    replay = api_for(cast.traveller).post(f"trips/{trip.pk}/submit", body, headers=KEY)
    assert (replay.status, replay.raw) == (first.status, first.raw)
    assert replay.headers["Idempotent-Replayed"] == "true"
