"""The signed-in check-in page: "I am safe" in one tap, "I need help" after a confirmation."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.care.models import CheckIn, Escalation
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.testing.builders import SetClock
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def abroad(cast: Cast, now: datetime.datetime, view_clock: SetClock) -> Trip:
    """In Berlin since 2026-03-12 09:00 (24-hour check-ins); the pages see 2026-03-13 08:00."""
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin", starts_in_days=10),
    )
    view_clock(builders.at(now.date() + 11 * DAY, 8))
    return trip


def url(trip: Trip) -> str:
    return f"/trips/{trip.pk}/checkin/"


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

    assert client.get(url(abroad)).status_code == expected
    posted = client.post(url(abroad), {"status": "ok"})
    if expected == 200:
        assert posted.status_code == 302
        assert CheckIn.objects.filter(trip=abroad, by=cast.traveller).exists()
    else:
        assert posted.status_code == expected
        assert not CheckIn.objects.exists()


def test_anonymous_is_sent_to_login(client: Client, abroad: Trip) -> None:
    response = client.get(url(abroad))

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url(abroad)}"


def test_the_page_has_two_large_buttons_the_due_time_and_the_current_country(
    client: Client, cast: Cast, abroad: Trip, django_assert_max_num_queries
) -> None:
    client.force_login(cast.traveller)
    with django_assert_max_num_queries(10):
        response = client.get(url(abroad))

    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'class="button button--large">I am safe</button>' in content
    assert 'class="button button--large button--alert"' in content
    assert "I need help</button>" in content
    assert '<option value="DE" selected>Germany</option>' in content
    assert "2026-03-13 09:00" in content  # next check-in due: 24 hours after departure
    assert "None yet" in content  # no check-in so far
    assert not CheckIn.objects.exists()  # a GET records nothing


def test_i_am_safe_records_a_check_in_and_redirects(
    client: Client, cast: Cast, abroad: Trip, now: datetime.datetime
) -> None:
    """GIVEN a traveller abroad WHEN they tap "I am safe" with a city THEN the check-in is
    recorded where they say, the clock restarts, and the page thanks them."""
    client.force_login(cast.traveller)

    response = client.post(url(abroad), {"status": "ok", "country": "DE", "city": "Potsdam"})

    assert response.status_code == 302
    assert response["Location"] == url(abroad)
    checkin = CheckIn.objects.get(trip=abroad)
    assert (checkin.status, checkin.country, checkin.city) == ("ok", "DE", "Potsdam")
    assert checkin.at == builders.at(now.date() + 11 * DAY, 8)
    abroad.refresh_from_db()
    assert abroad.checkin_due_at == checkin.at + 24 * HOUR
    content = client.get(url(abroad)).content.decode()
    assert "Thank you: you are checked in." in content
    assert "2026-03-13 08:00" in content
    assert "Potsdam, DE" in content


def test_i_need_help_asks_for_confirmation_first_and_keeps_what_was_typed(
    client: Client, cast: Cast, abroad: Trip
) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(abroad), {"status": "need_help", "country": "DE", "note": "Held at passport control"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content  # without JavaScript: a whole page
    assert "Do you need help?" in content
    assert "Yes, I need help: alert them now" in content
    assert 'name="confirmed" value="true"' in content
    assert "Held at passport control</textarea>" in content
    assert not CheckIn.objects.exists()
    assert not Escalation.objects.exists()


def test_with_htmx_the_confirmation_replaces_only_the_panel(
    client: Client, cast: Cast, abroad: Trip
) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(abroad), {"status": "need_help", "country": "DE"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.startswith('<section class="card checkin-panel checkin-panel--help"')
    assert 'id="checkin-panel"' in content
    assert not CheckIn.objects.exists()


def test_confirmed_help_is_recorded_and_urgent(client: Client, cast: Cast, abroad: Trip) -> None:
    """GIVEN the confirmation step WHEN the traveller confirms THEN a need-help check-in is
    recorded, an urgent escalation opens, and the page says the alert went out."""
    client.force_login(cast.traveller)

    response = client.post(
        url(abroad),
        {"status": "need_help", "confirmed": "true", "country": "DE", "city": "Berlin"},
    )

    assert response.status_code == 302
    checkin = CheckIn.objects.get(trip=abroad)
    assert checkin.status == "need_help"
    escalation = Escalation.objects.get(trip=abroad)
    assert (escalation.kind, escalation.urgent) == ("need_help", True)
    content = client.get(url(abroad)).content.decode()
    assert "Your call for help has been sent" in content
    assert "badge--need_help" in content


def test_a_bad_field_keeps_the_input_and_puts_the_message_at_the_field(
    client: Client, cast: Cast, abroad: Trip
) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(abroad), {"status": "ok", "country": "ZZ", "city": "x" * 121, "note": "All fine"}
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert 'aria-describedby="id_country_error"' in content
    assert 'id="id_country_error"' in content
    assert 'aria-describedby="id_city_error"' in content
    assert "at most 120 characters" in content
    assert "All fine</textarea>" in content
    assert '<details class="disclosure" open>' in content  # the fields are shown, not folded
    assert not CheckIn.objects.exists()


def test_a_trip_not_under_way_has_nothing_to_check_in_on(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Back home"),
    )
    client.force_login(cast.traveller)

    page = client.get(url(trip))
    assert page.status_code == 200
    assert "There is nothing to check in on" in page.content.decode()
    assert "I am safe</button>" not in page.content.decode()

    refused = client.post(url(trip), {"status": "ok"})
    assert refused.status_code == 409
    assert "Cannot check in on this trip: it is Returned." in refused.content.decode()
    assert not CheckIn.objects.exists()


def test_an_approved_trip_can_check_in_before_departure(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Soon in Berlin"),
    )
    client.force_login(cast.traveller)

    assert client.post(url(trip), {"status": "ok"}).status_code == 302
    assert CheckIn.objects.filter(trip=trip, status="ok").exists()


def test_country_names_are_in_the_pages_language(client: Client, cast: Cast, abroad: Trip) -> None:
    client.force_login(cast.traveller)
    client.cookies["django_language"] = "zh-hans"

    content = client.get(url(abroad)).content.decode()

    assert '<option value="DE" selected>德国</option>' in content
