"""Who may open the debrief page: the traveller writes it; anyone else who sees the trip is
refused (403); anyone who may not see it gets a 404 that names nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.conftest import Cast
from sojourn.debriefs.models import Debrief
from sojourn.testing import builders
from sojourn.testing.bodies import debrief_post
from sojourn.trips.models import Trip

TITLE = "Workshop in Berlin"


@pytest.fixture
def back(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title=TITLE, purpose="conference"),
    )


def url(trip: Trip) -> str:
    return f"/trips/{trip.pk}/debrief/"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 200),
        ("colleague", 404),
        ("officer", 403),
        ("other_officer", 404),
        ("oversight", 403),
        ("auditor", 403),
    ],
)
def test_access_matrix(client: Client, cast: Cast, back: Trip, who: str, expected: int) -> None:
    client.force_login(getattr(cast, who))

    response = client.get(url(back))

    assert response.status_code == expected
    if expected == 404:
        assert TITLE not in response.content.decode()
    if expected == 200:
        assert "no-store" in response["Cache-Control"]
    else:
        posted = client.post(url(back), debrief_post(back.version, summary="Forged"))
        assert posted.status_code == expected
        assert not Debrief.objects.exists()


def test_anonymous_is_sent_to_login(client: Client, back: Trip) -> None:
    response = client.get(url(back))

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url(back)}"


def test_a_missing_trip_is_the_same_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)

    assert client.get("/trips/999999/debrief/").status_code == 404


def test_before_departure_the_debrief_is_not_open_yet(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Later", purpose="conference"),
    )
    client.force_login(cast.traveller)

    page = client.get(url(trip))
    assert page.status_code == 200
    assert "The debrief opens once your trip is under way" in page.content.decode()
    refused = client.post(url(trip), debrief_post(trip.version, summary="Too early"))
    assert refused.status_code == 409
    assert not Debrief.objects.exists()
