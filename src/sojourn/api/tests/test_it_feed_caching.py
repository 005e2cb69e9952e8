"""A calendar feed answers with an ETag and a Last-Modified, and a poll that sends either back
is answered 304 (no calendar) while nothing in the calendar changed, and 200 once it did."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils.http import http_date

from sojourn.conftest import Cast
from sojourn.security import tokens
from sojourn.testing import builders
from sojourn.trips.models import Trip

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def url(cast: Cast, now: datetime.datetime, view_clock) -> str:
    """GIVEN the traveller's feed address, with a trip in it, polled at `now`"""
    view_clock(now)
    builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Workshop in Berlin", purpose="conference", country="DE"),
    )
    return f"/feeds/{tokens.rotate_feed_secret(user=cast.traveller, now=now)}/trips.ics"


def test_a_feed_answers_with_its_validators(url: str, now: datetime.datetime) -> None:
    response = Client().get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"] == http_date(now.timestamp())


def test_the_same_calendar_polled_later_keeps_its_validators(
    url: str, now: datetime.datetime, view_clock
) -> None:
    """Only the file's DTSTAMP differs between two polls: the same ETag and Last-Modified."""
    first = Client().get(url)
    view_clock(now + 5 * MINUTE)

    second = Client().get(url)

    assert second.content != first.content  # its DTSTAMP
    assert (second["ETag"], second["Last-Modified"]) == (first["ETag"], first["Last-Modified"])


def test_if_none_match_is_answered_304_until_the_calendar_changes(
    url: str, now: datetime.datetime, view_clock, cast: Cast
) -> None:
    first = Client().get(url)
    view_clock(now + 5 * MINUTE)

    unchanged = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    assert unchanged["Cache-Control"] == "private, max-age=300"

    Trip.objects.filter(traveller=cast.traveller).update(title="Workshop in Munich")
    changed = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert changed.status_code == 200
    assert b"Workshop in Munich" in changed.content
    assert changed["ETag"] != first["ETag"]
    assert changed["Last-Modified"] == http_date((now + 5 * MINUTE).timestamp())


def test_if_modified_since_is_answered_304_until_the_calendar_changes(
    url: str, now: datetime.datetime, view_clock, cast: Cast
) -> None:
    """The change is seen even though no trip's own time moved (a bulk update, a trip leaving
    the calendar): Last-Modified is when this calendar was first served, not a trip's time."""
    first = Client().get(url)
    view_clock(now + 5 * MINUTE)

    unchanged = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert unchanged.status_code == 304
    Trip.objects.filter(traveller=cast.traveller).update(status="withdrawn")
    changed = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert changed.status_code == 200
    assert b"Workshop in Berlin" not in changed.content


def test_two_calendars_in_one_second_get_different_last_modified(
    url: str, cast: Cast, now: datetime.datetime
) -> None:
    first = Client().get(url)
    Trip.objects.filter(traveller=cast.traveller).update(title="Workshop in Munich")

    second = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert second.status_code == 200
    assert second["Last-Modified"] == http_date(now.timestamp() + 1)
