"""Adding and removing debrief rows: the whole page without JavaScript, the row set with htmx;
either way everything typed is kept and nothing is saved."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.conftest import Cast
from sojourn.debriefs.models import Debrief
from sojourn.testing import builders
from sojourn.testing.bodies import debrief_post
from sojourn.trips.models import Trip

HTMX = {"HX-Request": "true"}
WEBER = {"counterpart": "Dr. Weber", "organisation": "TU Berlin", "future_contact_requested": "on"}
LI = {"counterpart": "Ms. Li", "organisation": "Fraunhofer"}


@pytest.fixture
def back(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin", purpose="conference"),
    )


def url(trip: Trip) -> str:
    return f"/trips/{trip.pk}/debrief/"


def test_add_a_meeting_without_javascript(client: Client, cast: Cast, back: Trip) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(back), debrief_post(back.version, summary="My notes", meetings=[WEBER], add="meetings")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content
    assert 'name="meetings-TOTAL_FORMS" value="2"' in content
    assert 'value="Dr. Weber"' in content
    checked = (
        'name="meetings-0-future_contact_requested" id="id_meetings-0-future_contact_requested"'
    )
    assert f"{checked} checked" in content
    assert "Meeting 2" in content
    assert 'name="meetings-1-counterpart" maxlength="200" autofocus' in content
    assert "My notes</textarea>" in content
    assert "nothing is saved until you save the draft" in content
    assert "errorlist" not in content  # an incomplete new row is not an error yet
    assert not Debrief.objects.exists()


def test_remove_a_meeting_without_javascript(client: Client, cast: Cast, back: Trip) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(back), debrief_post(back.version, meetings=[WEBER, LI], remove="meetings-0")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="meetings-TOTAL_FORMS" value="1"' in content
    assert "Dr. Weber" not in content
    assert 'name="meetings-0-counterpart" value="Ms. Li"' in content
    assert not Debrief.objects.exists()


def test_with_htmx_only_the_row_set_comes_back(
    client: Client, cast: Cast, back: Trip, django_assert_max_num_queries
) -> None:
    client.force_login(cast.traveller)

    with django_assert_max_num_queries(8):
        response = client.post(
            url(back),
            debrief_post(back.version, meetings=[WEBER], add="incidents"),
            headers=HTMX,
        )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.startswith('<div class="rows" id="incidents-rows">')
    assert "<html" not in content
    assert 'name="incidents-TOTAL_FORMS" value="1"' in content
    assert "Incident 1" in content
    assert 'name="incidents-0-kind" autofocus' in content
    assert "meetings-rows" not in content


def test_with_htmx_removing_focuses_the_add_button(client: Client, cast: Cast, back: Trip) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(back), debrief_post(back.version, meetings=[WEBER], remove="meetings-0"), headers=HTMX
    )

    content = response.content.decode()
    assert content.startswith('<div class="rows" id="meetings-rows">')
    assert "No meetings listed." in content
    assert 'value="meetings" class="button button--secondary" formnovalidate autofocus' in content


def test_a_tampered_row_count_is_not_a_crash(client: Client, cast: Cast, back: Trip) -> None:
    client.force_login(cast.traveller)
    data = debrief_post(back.version, summary="x", add="meetings")
    del data["meetings-TOTAL_FORMS"]

    assert client.post(url(back), data).status_code == 200
    assert client.post(url(back), {**data, "action": "save", "add": ""}).status_code == 422
    assert not Debrief.objects.exists()
