"""Every face and job judges a trip on the same day: the organisation's (`people.today`).

The live preview of the trip form, `POST /api/v1/assess`, submission and re-assessment once
each counted days their own way; a New York evening, already tomorrow in UTC, showed the gap.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sojourn.api.tests.conftest import ApiClient
from sojourn.directives import reassess
from sojourn.security import tokens
from sojourn.trips import services
from sojourn.trips.models import TripStatus
from sojourn.trips.tests.test_it_local_today import (
    DAY,
    DEPARTS,
    NEW_YORK,
    Office,
    at,
    new_york,
    trip_of,
)

__all__ = ["new_york"]  # the fixture, used by name

LAST_DAY_TO_REPORT = DEPARTS - 7 * DAY  # the test pack asks for seven days' notice
EVENING = at(LAST_DAY_TO_REPORT, 20, NEW_YORK)  # already the next day in UTC


@pytest.fixture
def evening(monkeypatch: pytest.MonkeyPatch) -> datetime.datetime:
    assert EVENING.date() == LAST_DAY_TO_REPORT + DAY
    monkeypatch.setattr(timezone, "now", lambda: EVENING)
    return EVENING


def _form() -> dict[str, str]:
    return {
        "title": "Workshop in Berlin",
        "purpose": "academic",
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "legs-0-country": "DE",
        "legs-0-city": "Berlin",
        "legs-0-starts_on": DEPARTS.isoformat(),
        "legs-0-ends_on": (DEPARTS + DAY).isoformat(),
        "meetings-TOTAL_FORMS": "0",
        "meetings-INITIAL_FORMS": "0",
    }


def _body() -> dict[str, Any]:
    leg = {
        "country": "DE",
        "city": "Berlin",
        "starts_on": DEPARTS.isoformat(),
        "ends_on": (DEPARTS + DAY).isoformat(),
    }
    return {"title": "Workshop in Berlin", "purpose": "academic", "legs": [leg]}


def test_the_preview_assess_and_submission_judge_a_new_york_evening_alike(
    new_york: Office, evening: datetime.datetime
) -> None:
    """GIVEN a New York traveller on the last day to report a trip, at 20:00 New York time
    (tomorrow in UTC)
    WHEN they preview it in the trip form, assess it through the API and submit it
    THEN all three see it reported in time, on New York's date."""
    client = Client()
    client.force_login(new_york.traveller)
    preview = client.post("/trips/assess/", _form()).content.decode()
    token = tokens.create_token(
        actor=new_york.traveller, user=new_york.traveller, name="t", scope="write", now=evening
    )
    answer = ApiClient(token.secret).post("assess", _body())
    trip = services.submit(
        trip_of(new_york, written_at=evening - 2 * DAY), actor=new_york.traveller, now=evening
    )

    assert "<code>late_report</code>" not in preview
    assert f"<dd>{LAST_DAY_TO_REPORT.isoformat()}</dd>" in preview  # report by
    assert answer.status == 200, answer.json
    assert answer.json["assessed_on"] == LAST_DAY_TO_REPORT.isoformat()
    assert "late_report" not in [f["code"] for f in answer.json["assessment"]["findings"]]
    assert answer.json["assessment"]["report_by"] == LAST_DAY_TO_REPORT.isoformat()
    assert trip.late_report is False
    assert trip.report_by == LAST_DAY_TO_REPORT


def test_a_trip_on_its_last_day_west_of_utc_is_still_reassessed_in_the_evening(
    new_york: Office,
) -> None:
    """GIVEN a New York trip under way whose last day is today, New York time
    WHEN a re-assessment run starts at 20:00 there (already the next day in UTC)
    THEN the trip is among those it re-assesses; the next New York morning it is not."""
    written = at(DEPARTS - 20 * DAY, 9, NEW_YORK)
    trip = services.submit(
        trip_of(new_york, written_at=written), actor=new_york.traveller, now=written
    )
    trip = services.decide(trip, actor=new_york.officer, decision="approve", now=written)
    trip = services.depart(trip, actor=None, now=at(DEPARTS, 9, NEW_YORK))
    last_day = DEPARTS + DAY  # the trip's `ends_on`
    last_evening = at(last_day, 20, NEW_YORK)
    assert (trip.status, trip.ends_on) == (TripStatus.IN_PROGRESS, last_day)
    assert last_evening.date() > last_day

    run = reassess.start(None, now=last_evening)
    next_morning = reassess.open_trips(at(last_day + DAY, 8, NEW_YORK))

    assert list(reassess.open_trips(last_evening)) == [trip]
    assert run.total == 1
    assert not next_morning.exists()
