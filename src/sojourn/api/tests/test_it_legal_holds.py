"""Legal holds through the API: listed, set and cleared by the rules of the trip's and the
person's pages (the organisation's officers and oversight change them, auditors read them,
travellers do neither), each change audited by ids, errors as problems, a POST replayed by its
Idempotency-Key, the list paged through `next`."""

from __future__ import annotations

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.retention.models import LegalHold
from sojourn.testing import builders, paging

KEY = {"Idempotency-Key": "5b1f7f0e-legal-hold-0001"}


@pytest.fixture
def trip(cast, now):
    return builders.closed(cast.traveller, now, reviewers=[cast.officer], accepted_by=cast.officer)


def test_an_officer_sets_a_hold_on_a_trip_and_it_is_audited_by_ids(cast, api_for, trip):
    answer = api_for(cast.officer).post(
        "legal-holds", {"trip_id": trip.pk, "reason": "Case 2026-14"}
    )

    assert answer.status == 201, answer.raw
    body = answer.json
    assert (body["trip_id"], body["person_id"], body["reason"]) == (trip.pk, None, "Case 2026-14")
    assert (body["set_by"]["username"], body["cleared_at"]) == ("officer", None)
    [event] = AuditEvent.objects.filter(action="legal_hold.set")
    assert (event.actor_label, event.data) == ("officer", {"trip_id": trip.pk})


def test_oversight_holds_a_person_then_clears_it_with_a_reason(cast, api_for, trip):
    oversight = api_for(cast.oversight)
    held = oversight.post("legal-holds", {"person_id": cast.traveller.pk, "reason": "Litigation"})

    cleared = oversight.post(f"legal-holds/{held.json['id']}/clear", {"reason": "Settled"})
    again = oversight.post(f"legal-holds/{held.json['id']}/clear", {"reason": "Settled"})

    assert cleared.status == 200, cleared.raw
    assert (cleared.json["clear_reason"], cleared.json["cleared_by"]["username"]) == (
        "Settled",
        "oversight",
    )
    assert again.status == 409
    assert again.content_type == "application/problem+json"
    actions = AuditEvent.objects.filter(action__startswith="legal_hold.").order_by("seq")
    assert [(e.action, e.data) for e in actions] == [
        ("legal_hold.set", {"person_id": cast.traveller.pk}),
        ("legal_hold.cleared", {"person_id": cast.traveller.pk}),
    ]


def test_a_hold_needs_a_reason_and_one_target(cast, api_for, trip):
    officer = api_for(cast.officer)

    blank = officer.post("legal-holds", {"trip_id": trip.pk, "reason": "  "})
    both = officer.post(
        "legal-holds", {"trip_id": trip.pk, "person_id": cast.traveller.pk, "reason": "x"}
    )

    assert (blank.status, set(blank.problem_fields)) == (422, {"reason"})
    assert (both.status, set(both.problem_fields)) == (422, {"trip_id", "person_id"})
    assert not LegalHold.objects.exists()


def test_a_second_hold_on_the_same_trip_is_a_conflict(cast, api_for, trip):
    officer = api_for(cast.officer)
    officer.post("legal-holds", {"trip_id": trip.pk, "reason": "Case 1"})

    second = officer.post("legal-holds", {"trip_id": trip.pk, "reason": "Case 2"})

    assert second.status == 409
    assert LegalHold.objects.count() == 1


@pytest.mark.parametrize("who", ["traveller", "auditor"])
def test_travellers_and_auditors_may_not_set_or_clear(cast, api_for, trip, who):
    hold = api_for(cast.officer).post("legal-holds", {"trip_id": trip.pk, "reason": "Case 7"})
    client = api_for(getattr(cast, who))

    assert client.post("legal-holds", {"trip_id": trip.pk, "reason": "Mine"}).status == 403
    assert client.post(f"legal-holds/{hold.json['id']}/clear", {"reason": "x"}).status == 403
    assert LegalHold.objects.get().cleared_at is None


def test_a_read_token_may_only_read(cast, api_for, trip):
    reader = api_for(cast.officer, scope="read")

    assert reader.get("legal-holds").status == 200
    assert reader.post("legal-holds", {"trip_id": trip.pk, "reason": "x"}).status == 403


def test_another_organisations_officer_sees_no_hold_and_cannot_name_the_trip(cast, api_for, trip):
    hold = api_for(cast.officer).post("legal-holds", {"trip_id": trip.pk, "reason": "Case 7"})
    stranger = api_for(cast.other_officer)

    assert stranger.get("legal-holds").json["items"] == []
    assert stranger.get(f"legal-holds/{hold.json['id']}").status == 404
    refused = stranger.post("legal-holds", {"trip_id": trip.pk, "reason": "Mine"})
    assert (refused.status, set(refused.problem_fields)) == (404, {"trip_id"})
    assert stranger.post(f"legal-holds/{hold.json['id']}/clear", {"reason": "x"}).status == 404


def test_the_list_is_for_the_readers_of_holds_and_filters(cast, api_for, trip):
    officer = api_for(cast.officer)
    on_trip = officer.post("legal-holds", {"trip_id": trip.pk, "reason": "Case 1"}).json
    on_person = officer.post(
        "legal-holds", {"person_id": cast.colleague.pk, "reason": "Case 2"}
    ).json
    officer.post(f"legal-holds/{on_person['id']}/clear", {"reason": "Done"})

    assert api_for(cast.traveller).get("legal-holds").status == 403
    assert paging.ids(api_for(cast.auditor).get("legal-holds")) == [on_person["id"], on_trip["id"]]
    assert paging.ids(officer.get("legal-holds", in_force="true")) == [on_trip["id"]]
    assert paging.ids(officer.get("legal-holds", in_force="false")) == [on_person["id"]]
    assert paging.ids(officer.get("legal-holds", person_id=cast.colleague.pk)) == [on_person["id"]]
    assert paging.walk(officer, "legal-holds?limit=1") == [[on_person["id"]], [on_trip["id"]]]


def test_a_replayed_post_sets_one_hold_and_answers_the_first_answer(cast, api_for, trip):
    officer = api_for(cast.officer)
    body = {"trip_id": trip.pk, "reason": "Case 2026-14"}

    first = officer.post("legal-holds", body, headers=KEY)
    replay = officer.post("legal-holds", body, headers=KEY)

    assert (first.status, replay.status) == (201, 201)
    assert replay.json == first.json
    assert LegalHold.objects.count() == 1
