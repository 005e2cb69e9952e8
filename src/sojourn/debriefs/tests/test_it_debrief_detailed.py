"""A restricted trip asks for a detailed debrief naming foreign contacts: the page says so, and
submitting needs at least one meeting or an explicit "no meetings"."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.conftest import Cast
from sojourn.debriefs.models import Debrief
from sojourn.testing import builders
from sojourn.testing.bodies import debrief_post
from sojourn.trips.models import Trip

SUMMARY = "Presented at the standards meeting; two side meetings."


@pytest.fixture
def engineer(cast: Cast):
    return builders.traveller("engineer", organisation=cast.robo)


@pytest.fixture
def back(cast: Cast, engineer, now: datetime.datetime) -> Trip:
    trip = builders.returned(
        engineer, now, reviewers=[cast.other_officer, cast.oversight], itinerary=builders.summit()
    )
    assert trip.assessment is not None
    assert trip.assessment["debrief_depth"] == "detailed"
    return trip


def url(trip: Trip) -> str:
    return f"/trips/{trip.pk}/debrief/"


def test_the_page_asks_for_a_detailed_debrief_and_offers_a_first_meeting_row(
    client: Client, engineer, back: Trip
) -> None:
    client.force_login(engineer)

    content = client.get(url(back)).content.decode()

    assert "This trip needs a detailed debrief." in content
    assert "List every meeting you held with foreign contacts" in content
    assert 'name="meetings-TOTAL_FORMS" value="1"' in content
    assert "I held no meetings with foreign contacts on this trip" in content


def test_submitting_with_neither_meetings_nor_no_meetings_is_refused(
    client: Client, engineer, back: Trip
) -> None:
    client.force_login(engineer)

    response = client.post(
        url(back), debrief_post(back.version, action="submit", summary=SUMMARY, meetings=[{}])
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_no_meetings_error"' in content
    assert 'aria-describedby="id_no_meetings_error"' in content
    assert "list at least one meeting you held" in content
    assert not Debrief.objects.exists()


def test_a_draft_may_still_be_incomplete(client: Client, engineer, back: Trip) -> None:
    client.force_login(engineer)

    response = client.post(url(back), debrief_post(back.version, summary=SUMMARY))

    assert response.status_code == 302
    assert Debrief.objects.get().status == "draft"


def test_no_meetings_ticked_submits(client: Client, engineer, back: Trip) -> None:
    client.force_login(engineer)

    response = client.post(
        url(back), debrief_post(back.version, action="submit", summary=SUMMARY, no_meetings=True)
    )

    assert response.status_code == 302
    back.refresh_from_db()
    assert back.status == "debriefed"


def test_a_meeting_row_submits(client: Client, engineer, back: Trip) -> None:
    """GIVEN a detailed debrief WHEN the traveller lists a meeting and an incident and submits
    THEN the trip is debriefed with both rows."""
    client.force_login(engineer)

    response = client.post(
        url(back),
        debrief_post(
            back.version,
            action="submit",
            summary=SUMMARY,
            meetings=[{"counterpart": "J. Smith", "organisation": "NIST", "country": "US"}],
            incidents=[{"kind": "questioning", "description": "Asked about my lab at entry."}],
        ),
    )

    assert response.status_code == 302
    debrief = Debrief.objects.get()
    assert debrief.status == "submitted"
    assert debrief.meetings.get().organisation == "NIST"
    assert debrief.incidents.get().kind == "questioning"


def test_meetings_and_no_meetings_together_contradict(client: Client, engineer, back: Trip) -> None:
    client.force_login(engineer)

    response = client.post(
        url(back),
        debrief_post(
            back.version, summary=SUMMARY, no_meetings=True, meetings=[{"counterpart": "J. Smith"}]
        ),
    )

    assert response.status_code == 422
    assert "You listed meetings" in response.content.decode()
    assert not Debrief.objects.exists()
