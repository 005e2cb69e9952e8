"""Directives through the API: read by oversight and auditors, each with its re-assessment run;
issued by oversight alone (an advisory, an instruction to cancel a trip, a hold on a person)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.directives import reassess, services
from sojourn.directives.models import Directive, ReassessmentRun
from sojourn.testing import builders
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)
CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]
READERS = {"oversight", "auditor"}


def advisory(now: datetime.datetime, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "advisory",
        "destinations": ["DE", "@FIVE_EYES"],
        "starts_on": now.date().isoformat(),
        "ends_on": (now.date() + 90 * DAY).isoformat(),
        "effect": "prohibit",
        "text": "Travel to Germany and the Five Eyes is suspended.",
        **changes,
    }


def issued_advisory(cast: Cast, now: datetime.datetime, text: str = "Advisory") -> Directive:
    directive, _run = services.issue_advisory(
        actor=cast.oversight,
        destinations=["US"],
        starts_on=now.date(),
        ends_on=now.date() + 30 * DAY,
        effect="raise_tier",
        tier="reviewed",
        text=text,
        now=now,
    )
    return directive


@pytest.fixture
def berlin(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin", purpose="conference"),
    )


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_oversight_and_auditors_read_directives_and_the_list_is_empty_for_others(
    cast, api_for, api_clock, now, who
):
    directive = issued_advisory(cast, now)
    client = api_for(getattr(cast, who))

    listed = client.get("directives")
    one = client.get(f"directives/{directive.pk}")

    assert listed.status == 200
    if who in READERS:
        assert [item["id"] for item in listed.json["items"]] == [directive.pk]
        assert one.status == 200
        assert one.json["kind"] == "advisory"
    else:
        assert listed.json["items"] == []
        assert one.status == 404
        assert "Advisory" not in one.raw.decode()


def test_reading_needs_a_token_and_a_missing_directive_is_a_404(cast, api_for, api_clock):
    assert api_for(None).get("directives").status == 401
    assert api_for(None).get("directives/1").status == 401
    assert api_for(cast.auditor).get("directives/999999").status == 404


def test_a_directive_reads_with_its_runs_progress(cast, api_for, api_clock, now, berlin):
    """GIVEN a prohibiting advisory WHEN its run is pending, then carried to its end THEN the
    directive reads first with the pending run, then with the trips processed and changed."""
    directive, run = services.issue_advisory(
        actor=cast.oversight,
        destinations=["DE"],
        starts_on=now.date(),
        ends_on=now.date() + 90 * DAY,
        effect="prohibit",
        text="Travel to Germany is suspended.",
        now=now,
    )
    client = api_for(cast.auditor)

    pending = client.get(f"directives/{directive.pk}").json["run"]
    assert (pending["id"], pending["status"], pending["total"], pending["processed"]) == (
        run.pk,
        "pending",
        1,
        0,
    )

    reassess.resume(run, now=now)
    done = client.get(f"directives/{directive.pk}").json
    assert (done["run"]["status"], done["run"]["processed"], done["run"]["changed"]) == (
        "done",
        1,
        1,
    )
    assert done["run"]["percent"] == 100
    assert done["destinations"] == ["DE"]
    assert (done["effect"], done["tier"]) == ("prohibit", None)


def test_the_list_filters_by_kind_and_pages_newest_first(cast, api_for, api_clock, now, berlin):
    made = [issued_advisory(cast, now + i * datetime.timedelta(hours=1)) for i in range(3)]
    cancel = services.instruct_cancel(actor=cast.oversight, trip=berlin, text="Stop.", now=now)
    client = api_for(cast.oversight)

    assert [i["id"] for i in client.get("directives", kind="cancel_trip").json["items"]] == [
        cancel.pk
    ]
    seen: list[int] = []
    page = client.get("directives", limit=2).json
    while True:
        seen.extend(item["id"] for item in page["items"])
        if not page["next"]:
            break
        page = client.get("directives", limit=2, cursor=page["next"]).json
    # Issued at the same moment, the later one (the higher id) comes first.
    assert seen == [made[2].pk, made[1].pk, cancel.pk, made[0].pk]
    assert client.get("directives", kind="other").status == 422


def test_a_list_page_costs_the_same_queries_however_long(
    cast, api_for, api_clock, now, django_assert_max_num_queries
):
    client = api_for(cast.oversight)
    issued_advisory(cast, now)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("directives").json["items"]) == 1
    for i in range(6):
        issued_advisory(cast, now, text=f"Advisory {i}")
    services.instruct_hold(
        actor=cast.oversight, person=cast.colleague, hold_until=now.date(), text="Hold.", now=now
    )
    with django_assert_max_num_queries(len(one)):
        assert len(client.get("directives").json["items"]) == 8


# Issuing --------------------------------------------------------------------------------------


def test_oversight_issues_an_advisory_and_its_run_waits_for_the_worker(
    cast, api_for, api_clock, now, berlin
):
    answer = api_for(cast.oversight).post("directives", advisory(now))

    assert answer.status == 201, answer.json
    got = answer.json
    directive = Directive.objects.get()
    assert got["id"] == directive.pk
    assert (got["kind"], got["effect"], got["destinations"]) == (
        "advisory",
        "prohibit",
        ["DE", "@FIVE_EYES"],
    )
    assert got["issued_by"]["username"] == "oversight"
    assert got["run"]["status"] == "pending"
    assert got["run"]["total"] == 1
    assert AuditEvent.objects.filter(action="directive.advisory").count() == 1
    berlin.refresh_from_db()
    assert berlin.status == TripStatus.APPROVED  # the worker re-assesses it, not the request


def test_an_instruction_cancels_the_trip_at_once(cast, api_for, api_clock, now, berlin):
    answer = api_for(cast.oversight).post(
        "directives", {"kind": "cancel_trip", "trip_id": berlin.pk, "text": "Security concerns."}
    )

    assert answer.status == 201, answer.json
    assert (answer.json["kind"], answer.json["trip_id"], answer.json["run"]) == (
        "cancel_trip",
        berlin.pk,
        None,
    )
    berlin.refresh_from_db()
    assert berlin.status == TripStatus.CANCELLED
    assert berlin.cancel_reason.endswith("Security concerns.")


def test_a_trip_past_cancelling_is_a_409_and_an_unknown_one_a_422(cast, api_for, api_clock, now):
    draft = builders.draft(
        cast.traveller, now, builders.Itinerary(title="Not yet reported", purpose="conference")
    )
    client = api_for(cast.oversight)

    past = client.post("directives", {"kind": "cancel_trip", "trip_id": draft.pk, "text": "Stop."})
    unknown = client.post("directives", {"kind": "cancel_trip", "trip_id": 999999, "text": "Stop."})

    assert past.status == 409
    assert unknown.status == 422
    assert "trip_id" in unknown.problem_fields
    assert not Directive.objects.exists()


def test_a_hold_on_a_person_starts_a_run_over_their_trips(cast, api_for, api_clock, now, berlin):
    until = now.date() + 60 * DAY
    answer = api_for(cast.oversight).post(
        "directives",
        {
            "kind": "hold_person",
            "person_id": cast.traveller.pk,
            "hold_until": until.isoformat(),
            "text": "Pending a review of their project.",
        },
    )

    assert answer.status == 201, answer.json
    got = answer.json
    assert (got["kind"], got["person"]["username"], got["hold_until"]) == (
        "hold_person",
        "traveller",
        until.isoformat(),
    )
    assert got["run"]["total"] == 1


@pytest.mark.parametrize(
    ("sent", "fields"),
    [
        ({"kind": "hold_person", "person_id": 999999, "hold_until": "2026-04-01"}, {"person_id"}),
        (
            {"kind": "hold_person", "person_id": "<traveller>", "hold_until": "2026-03-01"},
            {"hold_until"},
        ),
        ({"kind": "hold_person", "person_id": "<traveller>"}, {"hold_until"}),
        ({"kind": "advisory", "effect": "prohibit"}, {"destinations", "starts_on", "ends_on"}),
        ({**advisory(datetime.datetime(2026, 3, 2)), "ends_on": "2026-03-01"}, {"ends_on"}),
        ({**advisory(datetime.datetime(2026, 3, 2)), "effect": "raise_tier"}, {"tier"}),
        ({**advisory(datetime.datetime(2026, 3, 2)), "destinations": ["@NOPE"]}, {"destinations"}),
        ({**advisory(datetime.datetime(2026, 3, 2)), "destinations": []}, {"destinations"}),
        ({**advisory(datetime.datetime(2026, 3, 2)), "trip_id": 4}, {"trip_id"}),
        ({"kind": "cancel_trip", "trip_id": 1, "hold_until": "2026-04-01"}, {"hold_until"}),
        ({"kind": "cancel_trip"}, {"trip_id"}),
        ({"kind": "cancel_trip", "trip_id": 2**70}, {"trip_id"}),
        ({"kind": "policy"}, {"kind"}),
        ({"kind": "advisory", "issued_by": 1}, {"issued_by"}),
    ],
)
def test_bad_input_is_a_422_naming_the_fields(cast, api_for, api_clock, sent, fields):
    sent = {"text": "Because.", **sent}
    if sent.get("person_id") == "<traveller>":  # ids are not 1, 2, … on PostgreSQL
        sent["person_id"] = cast.traveller.pk
    answer = api_for(cast.oversight).post("directives", sent)
    assert answer.status == 422
    assert fields <= set(answer.problem_fields), answer.problem_fields
    assert not Directive.objects.exists()


def test_a_missing_text_is_named(cast, api_for, api_clock, now):
    sent = advisory(now)
    del sent["text"]
    answer = api_for(cast.oversight).post("directives", sent)
    assert answer.status == 422
    assert "text" in answer.problem_fields


def test_malformed_json_is_a_400(cast, api_for, api_clock):
    assert api_for(cast.oversight).post("directives", raw=b"{kind: advisory").status == 400


@pytest.mark.parametrize("who", ["traveller", "colleague", "officer", "other_officer", "auditor"])
def test_only_oversight_issues_directives(cast, api_for, api_clock, now, berlin, who):
    client = api_for(getattr(cast, who))
    assert client.post("directives", advisory(now)).status == 403
    cancel = {"kind": "cancel_trip", "trip_id": berlin.pk, "text": "Stop."}
    assert client.post("directives", cancel).status == 403
    assert not Directive.objects.exists()
    berlin.refresh_from_db()
    assert berlin.status == TripStatus.APPROVED


def test_issuing_needs_a_write_token(cast, api_for, api_clock, now):
    assert api_for(None).post("directives", advisory(now)).status == 401
    assert api_for(cast.oversight, scope="read").post("directives", advisory(now)).status == 403
    assert not Directive.objects.exists()


def test_a_replayed_advisory_is_issued_once(cast, api_for, api_clock, now):
    """GIVEN an advisory posted with an Idempotency-Key WHEN the network fails and the client
    posts it again THEN the first answer comes back: one directive, one run, one audit event."""
    client = api_for(cast.oversight)
    key = {"Idempotency-Key": "advisory-de"}
    first = client.post("directives", advisory(now), headers=key)
    again = client.post("directives", advisory(now), headers=key)
    assert (first.status, again.status) == (201, 201)
    assert again.json == first.json
    assert Directive.objects.count() == 1
    assert ReassessmentRun.objects.count() == 1
    assert AuditEvent.objects.filter(action="directive.advisory").count() == 1
