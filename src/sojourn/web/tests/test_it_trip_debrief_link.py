"""Once a debrief is filed, the trip page shows the way to it: the traveller reads their own (even
after the trip is closed), and the officer, oversight and the auditor open it in the console.
Found walking the demo: the founder's closed London trip gave no way back to its debrief."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from sojourn.conftest import Cast
from sojourn.debriefs import filing
from sojourn.testing import builders
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)


@pytest.fixture
def debriefed(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin"),
        departed_at=now + 31 * builders.DAY,
        returned_at=now + 36 * builders.DAY,
        filed_at=now + 37 * builders.DAY,
        by_worker=True,
    )


@pytest.fixture
def closed(cast: Cast, now: datetime.datetime, debriefed: Trip) -> Trip:
    return filing.review_debrief(
        debriefed, actor=cast.officer, decision="accept", now=now + 38 * DAY
    )


def page(client: Client, trip: Trip) -> str:
    response = client.get(reverse("trip-detail", args=[trip.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_traveller_reads_the_debrief_of_a_closed_trip(
    client: Client, cast: Cast, closed: Trip
) -> None:
    client.force_login(cast.traveller)

    content = page(client, closed)

    own = reverse("trip-debrief", args=[closed.pk])
    assert f'href="{own}"' in content
    assert "Read your debrief" in content
    assert client.get(own).status_code == 200
    assert reverse("console:debrief-review", args=[closed.pk]) not in content


@pytest.mark.parametrize("who", ["officer", "oversight", "auditor"])
@pytest.mark.parametrize("state", ["debriefed", "closed"])
def test_readers_open_the_filed_debrief_in_the_console(
    client: Client, cast: Cast, who: str, state: str, request: pytest.FixtureRequest
) -> None:
    trip: Trip = request.getfixturevalue(state)
    client.force_login(getattr(cast, who))

    content = page(client, trip)

    review = reverse("console:debrief-review", args=[trip.pk])
    assert f'href="{review}"' in content
    assert client.get(review).status_code == 200


@pytest.mark.parametrize("who", ["officer", "auditor"])
def test_no_link_before_the_debrief_is_filed(
    client: Client, cast: Cast, now: datetime.datetime, who: str
) -> None:
    trip = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin"),
        departed_at=now + 31 * builders.DAY,
        returned_at=now + 36 * builders.DAY,
        by_worker=True,
    )
    client.force_login(getattr(cast, who))

    assert reverse("console:debrief-review", args=[trip.pk]) not in page(client, trip)


def test_a_colleague_still_sees_nothing(client: Client, cast: Cast, closed: Trip) -> None:
    client.force_login(cast.colleague)

    assert client.get(reverse("trip-detail", args=[closed.pk])).status_code == 404
