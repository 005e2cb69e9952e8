"""Reporting a deviation while travelling, and the re-assessment shown afterwards."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.care.models import Deviation
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.testing.builders import SetClock
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)
TITLE = "Workshop in Berlin"


@pytest.fixture
def abroad(cast: Cast, now: datetime.datetime, view_clock: SetClock) -> Trip:
    """In Berlin from 2026-03-12 to 2026-03-17; the pages see 2026-03-13."""
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title=TITLE, starts_in_days=10),
    )
    view_clock(builders.at(now.date() + 11 * DAY, 8))
    return trip


def url(trip: Trip) -> str:
    return f"/trips/{trip.pk}/deviation/"


def vienna(**changes: str) -> dict[str, str]:
    return {
        "country": "AT",
        "city": "Vienna",
        "starts_on": "2026-03-15",
        "ends_on": "2026-03-16",
        "reason": "The partner lab moved the meeting.",
        **changes,
    }


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
def test_access_matrix(client: Client, cast: Cast, abroad: Trip, who: str, expected: int) -> None:
    client.force_login(getattr(cast, who))

    response = client.get(url(abroad))
    assert response.status_code == expected
    if expected == 404:
        assert TITLE not in response.content.decode()
    if expected != 200:
        assert client.post(url(abroad), vienna()).status_code == expected
        assert not Deviation.objects.exists()


def test_anonymous_is_sent_to_login(client: Client, abroad: Trip) -> None:
    response = client.get(url(abroad))

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url(abroad)}"


def test_the_form_starts_today(client: Client, cast: Cast, abroad: Trip) -> None:
    client.force_login(cast.traveller)

    content = client.get(url(abroad)).content.decode()

    assert 'name="starts_on" value="2026-03-13"' in content
    assert '<label for="id_reason">Why did the plan change?</label>' in content
    assert '<option value="AT">Austria</option>' in content


def test_a_harmless_deviation_extends_the_itinerary(
    client: Client, cast: Cast, abroad: Trip, django_assert_max_num_queries
) -> None:
    """GIVEN a traveller in Berlin WHEN they report two days in Vienna THEN the leg joins the
    itinerary and the page says no new approval is needed."""
    client.force_login(cast.traveller)

    response = client.post(url(abroad), vienna())

    deviation = Deviation.objects.get(trip=abroad)
    assert response.status_code == 302
    assert response["Location"] == f"/trips/{abroad.pk}/deviation/{deviation.pk}/"
    assert "AT" in Trip.objects.get(pk=abroad.pk).countries()
    with django_assert_max_num_queries(10):
        page = client.get(response["Location"])
    content = page.content.decode()
    assert "Your change of plan has been recorded and assessed." in content
    assert "No new approval is needed" in content
    assert "Vienna, AT" in content
    assert "The partner lab moved the meeting." in content


def test_a_stricter_deviation_says_plainly_that_approval_is_needed_again(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN a robotics engineer in Brazil (standard tier, approved automatically) WHEN they
    report a side trip to the United States THEN the trip is restricted now, needs approval
    again by the officer and oversight, and the page says so."""
    engineer = builders.traveller("engineer", organisation=cast.robo)
    trip = builders.under_way(
        engineer,
        now,
        reviewers=[cast.other_officer, cast.oversight],
        itinerary=builders.summit(country="BR", city="São Paulo", title="Fair"),
    )
    assert trip.starts_on is not None
    client.force_login(engineer)

    response = client.post(
        url(trip),
        {
            "country": "US",
            "city": "Houston",
            "starts_on": str(trip.starts_on + 2 * DAY),
            "ends_on": str(trip.starts_on + 3 * DAY),
            "reason": "A customer visit.",
        },
    )

    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.needs_reapproval is True
    content = client.get(response["Location"]).content.decode()
    assert "Your trip needs approval again" in content
    assert "<dd>Restricted</dd>" in content
    assert "Security officer → Oversight" in content


def test_a_bad_form_keeps_the_input_and_names_the_fields(
    client: Client, cast: Cast, abroad: Trip
) -> None:
    client.force_login(cast.traveller)

    response = client.post(url(abroad), vienna(ends_on="2026-03-14", country=""))

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_ends_on_error"' in content
    assert "The change cannot end before it starts." in content
    assert 'id="id_country_error"' in content
    assert "The partner lab moved the meeting.</textarea>" in content
    assert 'value="Vienna"' in content
    assert not Deviation.objects.exists()


def test_only_a_trip_under_way_takes_a_deviation(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.approved(
        cast.traveller, now, reviewers=[cast.officer], itinerary=builders.Itinerary(title="Not yet")
    )
    client.force_login(cast.traveller)

    page = client.get(url(trip)).content.decode()
    assert "Deviations are reported while a trip is under way" in page
    assert "Report the change</button>" not in page
    refused = client.post(url(trip), vienna())
    assert refused.status_code == 409
    assert "Cannot report a deviation on this trip: it is Approved." in refused.content.decode()
    assert not Deviation.objects.exists()


def test_the_result_page_is_the_travellers_and_of_this_trip_only(
    client: Client, cast: Cast, abroad: Trip, now: datetime.datetime
) -> None:
    client.force_login(cast.traveller)
    client.post(url(abroad), vienna())
    deviation = Deviation.objects.get()
    other = builders.under_way(
        cast.traveller, now, reviewers=[cast.officer], itinerary=builders.Itinerary(title="Other")
    )
    result = f"/trips/{abroad.pk}/deviation/{deviation.pk}/"

    assert client.get(f"/trips/{other.pk}/deviation/{deviation.pk}/").status_code == 404
    client.force_login(cast.officer)
    assert client.get(result).status_code == 403
    client.force_login(cast.other_officer)
    assert client.get(result).status_code == 404
    client.logout()
    assert client.get(result).status_code == 302
