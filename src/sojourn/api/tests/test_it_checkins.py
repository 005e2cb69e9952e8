"""Duty of care through the API: check-ins and deviations, and who reads where a traveller was.

Where a traveller was (a check-in's country, city and note; a deviation's country, city and
reason) is shown to the traveller, the officers of their organisation and oversight; the
auditor reads the same check-ins with those fields null."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.audit.models import AuditEvent
from sojourn.care.models import CheckIn, Deviation, Escalation, EscalationKind
from sojourn.care.services import check_in
from sojourn.testing import builders
from sojourn.testing.builders import DAY, HOUR, at
from sojourn.testing.paging import walk
from sojourn.trips import services
from sojourn.trips.models import Trip

# The trip these tests build: the one bodies.trip_body describes (four days in Berlin).
WORKSHOP = builders.Itinerary(title="Workshop in Berlin", days=4)

CARERS = ["traveller", "officer", "oversight"]


@pytest.fixture
def abroad(cast, now, api_clock):
    """A lab trip under way (its first day), the API's clock on that morning."""
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    assert trip.starts_on is not None
    api_clock(at(trip.starts_on, 11))
    return trip


def checkin_body(**extra: Any) -> dict[str, Any]:
    return {"status": "ok", "country": "DE", "city": "Berlin", "note": "Hotel Adlon", **extra}


# POST /trips/{id}/checkins --------------------------------------------------------------------


def test_the_traveller_checks_in_and_the_clock_restarts(cast, api_for, abroad):
    answer = api_for(cast.traveller).post(f"trips/{abroad.pk}/checkins", checkin_body())
    assert answer.status == 201
    body = answer.json
    assert body["status"] == "ok"
    assert (body["country"], body["city"], body["note"]) == ("DE", "Berlin", "Hotel Adlon")
    assert body["trip_id"] == abroad.pk
    assert body["at"] == at(abroad.starts_on, 11).isoformat().replace("+00:00", "Z")
    abroad.refresh_from_db()
    assert abroad.checkin_due_at == at(abroad.starts_on, 11) + 24 * HOUR
    assert AuditEvent.objects.filter(action="checkin.recorded").count() == 1


def test_asking_for_help_alerts_at_once(cast, api_for, abroad):
    answer = api_for(cast.traveller).post(
        f"trips/{abroad.pk}/checkins", checkin_body(status="need_help", note="Lost passport")
    )
    assert answer.status == 201
    assert Escalation.objects.filter(trip=abroad, kind=EscalationKind.NEED_HELP).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"status": "fine"}, "status"),
        ({"country": "XX"}, "country"),
        ({"country": "DEU"}, "country"),
        ({"city": "x" * 121}, "city"),
        ({"at": "2026-01-01T00:00:00Z"}, "at"),
        ({"trip": 1}, "trip"),
    ],
)
def test_a_checkin_refuses_bad_input_naming_the_field(cast, api_for, abroad, change, field):
    answer = api_for(cast.traveller).post(f"trips/{abroad.pk}/checkins", checkin_body(**change))
    assert answer.status == 422
    assert field in answer.problem_fields
    assert not CheckIn.objects.exists()


def test_a_checkin_refuses_malformed_json_and_read_tokens(cast, api_for, abroad):
    assert (
        api_for(cast.traveller).post(f"trips/{abroad.pk}/checkins", raw=b'{"status": ok}').status
        == 400
    )
    read = api_for(cast.traveller, scope="read")
    assert read.post(f"trips/{abroad.pk}/checkins", checkin_body()).status == 403
    assert api_for(None).post(f"trips/{abroad.pk}/checkins", checkin_body()).status == 401
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 403), ("oversight", 403), ("auditor", 403), ("colleague", 404)],
)
def test_only_the_traveller_checks_in(cast, api_for, abroad, who, status):
    answer = api_for(getattr(cast, who)).post(f"trips/{abroad.pk}/checkins", checkin_body())
    assert answer.status == status
    assert not CheckIn.objects.exists()


def test_there_is_no_checking_in_before_approval_or_after_return(cast, api_for, api_clock, now):
    api = api_for(cast.traveller)
    waiting = builders.submitted(cast.traveller, now, WORKSHOP)
    assert api.post(f"trips/{waiting.pk}/checkins", checkin_body()).status == 409
    back = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Back home", days=4),
    )
    assert api.post(f"trips/{back.pk}/checkins", checkin_body()).status == 409
    assert not CheckIn.objects.exists()


# Reading check-ins ----------------------------------------------------------------------------


def _checked_in(trip, times: int) -> None:
    assert trip.starts_on is not None
    for hour in range(times):
        check_in(
            trip,
            actor=trip.traveller,
            status="ok",
            now=at(trip.starts_on, 10) + hour * HOUR,
            country="DE",
            city="Berlin",
            note=f"Check-in {hour}",
        )


@pytest.mark.parametrize("who", CARERS)
def test_those_who_look_after_the_traveller_read_where_they_were(cast, api_for, abroad, who):
    _checked_in(abroad, 2)
    items = (
        api_for(getattr(cast, who), scope="read").get(f"trips/{abroad.pk}/checkins").json["items"]
    )
    assert [item["note"] for item in items] == ["Check-in 1", "Check-in 0"]
    assert {item["country"] for item in items} == {"DE"}


def test_the_auditor_reads_checkins_without_where(cast, api_for, abroad):
    _checked_in(abroad, 2)
    api = api_for(cast.auditor)
    items = api.get(f"trips/{abroad.pk}/checkins").json["items"]
    assert [item["status"] for item in items] == ["ok", "ok"]
    assert {(item["country"], item["city"], item["note"]) for item in items} == {(None, None, None)}
    embedded = api.get(f"trips/{abroad.pk}").json["checkins"]
    assert [(c["country"], c["city"], c["note"]) for c in embedded] == [(None, None, None)] * 2


@pytest.mark.parametrize("who", ["colleague", "other_officer"])
def test_others_get_404_for_the_checkins(cast, api_for, abroad, who):
    _checked_in(abroad, 1)
    assert api_for(getattr(cast, who)).get(f"trips/{abroad.pk}/checkins").status == 404


def test_checkins_page_to_the_end_at_constant_queries(cast, api_for, abroad):
    _checked_in(abroad, 7)
    api = api_for(cast.officer)
    pages = walk(api, f"trips/{abroad.pk}/checkins?limit=3")
    assert [len(page) for page in pages] == [3, 3, 1]
    flat = [item for page in pages for item in page]
    assert len(set(flat)) == 7
    api.get("me")
    counts = []
    for limit in (2, 7):
        with CaptureQueriesContext(connection) as queries:
            api.get(f"trips/{abroad.pk}/checkins?limit={limit}")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    bad = api.get(f"trips/{abroad.pk}/checkins?cursor=nonsense")
    assert bad.status == 422
    assert "cursor" in bad.problem_fields


# POST /trips/{id}/deviations ------------------------------------------------------------------


def deviation_body(trip: Trip, **extra: Any) -> dict[str, Any]:
    assert trip.starts_on is not None
    return {
        "country": "NL",
        "city": "Delft",
        "starts_on": (trip.starts_on + DAY).isoformat(),
        "ends_on": (trip.starts_on + 2 * DAY).isoformat(),
        "reason": "A lab visit was added.",
        **extra,
    }


def test_the_traveller_reports_a_deviation_and_it_joins_the_legs(cast, api_for, abroad):
    api = api_for(cast.traveller)
    answer = api.post(f"trips/{abroad.pk}/deviations", deviation_body(abroad))
    assert answer.status == 201
    assert (answer.json["country"], answer.json["city"]) == ("NL", "Delft")
    trip = api.get(f"trips/{abroad.pk}").json
    assert [leg["country"] for leg in trip["legs"]] == ["DE", "NL"]
    assert trip["deviations"][0]["reason"] == "A lab visit was added."
    assert trip["version"] == abroad.version + 1
    auditor = api_for(cast.auditor).get(f"trips/{abroad.pk}").json
    hidden = auditor["deviations"][0]
    assert (hidden["country"], hidden["city"], hidden["reason"]) == (None, None, None)
    assert hidden["starts_on"] == deviation_body(abroad)["starts_on"]


def test_a_stricter_deviation_reopens_the_approval(cast, api_for, api_clock, now):
    """GIVEN a robotics engineer under way in Brazil (a standard trip, approved by the pack)
    WHEN they report a detour to the US
    THEN the trip needs approval again and the officers are alerted."""
    robo = builders.traveller("engineer", organisation=cast.robo)
    trip = builders.submitted(
        robo,
        now,
        builders.Itinerary(title="Workshop in Berlin", country="BR", starts_in_days=10, days=6),
    )
    assert trip.starts_on is not None
    start = trip.starts_on
    trip = services.depart(trip, actor=robo, now=at(start))
    api_clock(at(start + DAY))
    answer = api_for(robo).post(
        f"trips/{trip.pk}/deviations", deviation_body(trip, country="US", city="Austin")
    )
    assert answer.status == 201
    after = api_for(cast.other_officer).get(f"trips/{trip.pk}").json
    assert after["needs_reapproval"] is True
    assert after["reviews"][-1]["decision"] == "pending"
    assert Escalation.objects.filter(trip=trip, kind=EscalationKind.DEVIATION).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
        ({"country": "QQ"}, "country"),
        ({"reason": "  "}, "reason"),
        ({"reason": None}, "reason"),
        ({"assessment": {}}, "assessment"),
    ],
)
def test_a_deviation_refuses_bad_input_naming_the_field(cast, api_for, abroad, change, field):
    body = {**deviation_body(abroad), **change}
    answer = api_for(cast.traveller).post(f"trips/{abroad.pk}/deviations", body)
    assert answer.status == 422
    assert field in answer.problem_fields
    assert not Deviation.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("officer", 403), ("auditor", 403), ("other_officer", 404)]
)
def test_only_the_traveller_reports_a_deviation(cast, api_for, abroad, who, status):
    answer = api_for(getattr(cast, who)).post(
        f"trips/{abroad.pk}/deviations", deviation_body(abroad)
    )
    assert answer.status == status
    assert not Deviation.objects.exists()


def test_a_deviation_needs_a_trip_under_way(cast, api_for, api_clock, now):
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    body = deviation_body(trip)
    assert api_for(cast.traveller).post(f"trips/{trip.pk}/deviations", body).status == 409
    assert not Deviation.objects.exists()
