"""The trip page offers its traveller exactly the actions the edge table allows in each state."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips import edges
from sojourn.trips.models import Trip, TripStatus

# Each action the page offers, and the link or form it is offered by.
BUTTONS = {
    "edit": "trip-edit",
    "submit": "trip-submit",
    "withdraw": "trip-withdraw",
    "check_in": "trip-checkin",
    "report_deviation": "trip-deviation",
}


def _page(client: Client, trip: Trip, status: TripStatus) -> str:
    Trip.objects.filter(pk=trip.pk).update(status=status)
    response = client.get(f"/trips/{trip.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("status", list(TripStatus))
def test_the_traveller_sees_a_button_exactly_when_the_table_allows_it(
    client: Client, cast: Cast, now: datetime.datetime, status: TripStatus
) -> None:
    trip = builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Summit", purpose="conference", country="FR", city="Paris"),
    )
    client.force_login(cast.traveller)
    html = _page(client, trip, status)
    for action, name in BUTTONS.items():
        shown = f'"{reverse(name, args=[trip.pk])}"' in html
        assert shown == edges.allows(action, status), (action, status)
    writes = "Write your debrief" in html
    assert writes == edges.allows("write_debrief", status), status


@pytest.mark.parametrize("status", list(TripStatus))
def test_no_one_else_is_offered_the_travellers_actions(
    client: Client, cast: Cast, now: datetime.datetime, status: TripStatus
) -> None:
    trip = builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Summit", purpose="conference", country="FR", city="Paris"),
    )
    client.force_login(cast.officer)
    html = _page(client, trip, status)
    for name in BUTTONS.values():
        assert f'"{reverse(name, args=[trip.pk])}"' not in html, (name, status)
    assert "Write your debrief" not in html
