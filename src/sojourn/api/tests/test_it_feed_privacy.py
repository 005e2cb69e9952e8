"""Calendar addresses are bearer secrets that may leak: they expire, each read is recorded (when,
from where) for the owner to see, and an officer's or oversight's feed names nobody and no
destination unless its owner chose so on the account page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from sojourn.conftest import NOW, Cast
from sojourn.security import tokens
from sojourn.security.models import FeedSecret
from sojourn.testing import builders

DAY = datetime.timedelta(days=1)
MINUTES = datetime.timedelta(minutes=10)  # within the session's idle limit


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    moment = [NOW]
    monkeypatch.setattr(timezone, "now", lambda: moment[0])

    def set_to(when: datetime.datetime) -> None:
        moment[0] = when

    return set_to


def read(secret: str, address: str = "192.0.2.10") -> Calendar:
    response = Client(REMOTE_ADDR=address).get(f"/feeds/{secret}/trips.ics")
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def texts(calendar: Calendar) -> str:
    return "\n".join(
        f"{event['summary']}\n{event['description']}" for event in calendar.walk("VEVENT")
    )


def test_an_officers_feed_names_nobody_and_nowhere_until_they_choose(
    cast: Cast, clock, client: Client
) -> None:
    """GIVEN the traveller's trip to Berlin WHEN the officer's feed is read THEN it holds the
    departure and the return, but no name, title or destination; once the officer ticks the
    choice on the account page, it names them."""
    builders.submitted(cast.traveller, NOW)
    secret = tokens.rotate_feed_secret(user=cast.officer, now=NOW)

    private = texts(read(secret))

    assert "Departs: a traveller, trip #" in private
    for revealing in ("Traveller", "Berlin", "Germany", "Workshop"):
        assert revealing not in private.replace("Traveller: a traveller", "")

    client.force_login(cast.officer)
    chosen = client.post("/account/feed/names/", {"shows_names": "on"})
    assert chosen.status_code == 302

    named = texts(read(secret))
    assert "Departs: Traveller, Workshop in Berlin" in named
    assert "Destinations: Germany" in named


def test_oversights_feed_is_private_by_default_too(cast: Cast, clock) -> None:
    builders.submitted(cast.traveller, NOW)
    secret = tokens.rotate_feed_secret(user=cast.oversight, now=NOW)

    private = texts(read(secret))

    assert "a traveller (Lab), trip #" in private
    assert "Berlin" not in private


def test_a_traveller_has_no_such_choice_and_keeps_their_own_titles(
    cast: Cast, clock, client: Client
) -> None:
    builders.submitted(cast.traveller, NOW)
    secret = tokens.rotate_feed_secret(user=cast.traveller, now=NOW)
    client.force_login(cast.traveller)

    assert client.post("/account/feed/names/", {"shows_names": "on"}).status_code == 404
    assert "Trip: Workshop in Berlin" in texts(read(secret))


def test_an_address_expires_after_the_set_days(cast: Cast, clock, settings) -> None:
    """GIVEN addresses that live 30 days WHEN one is read on its 30th day and after
    THEN it works, then answers the same 404 as an unknown address."""
    settings.SOJOURN_FEED_DAYS = 30
    secret = tokens.rotate_feed_secret(user=cast.traveller, now=NOW)

    clock(NOW + 30 * DAY - datetime.timedelta(seconds=1))
    read(secret)
    clock(NOW + 30 * DAY)
    expired = Client().get(f"/feeds/{secret}/trips.ics")
    unknown = Client().get("/feeds/no-such-secret/trips.ics")

    assert expired.status_code == unknown.status_code == 404
    assert expired.content == unknown.content


def test_an_address_made_before_addresses_expired_expires_from_its_making(
    cast: Cast, clock, settings
) -> None:
    settings.SOJOURN_FEED_DAYS = 30
    secret = tokens.rotate_feed_secret(user=cast.traveller, now=NOW)
    FeedSecret.objects.update(expires_at=None)

    clock(NOW + 31 * DAY)

    assert Client().get(f"/feeds/{secret}/trips.ics").status_code == 404


def test_each_read_records_when_and_from_where_and_the_account_page_shows_it(
    cast: Cast, clock, client: Client, settings
) -> None:
    """GIVEN a calendar address WHEN a calendar program reads it from 203.0.113.5
    THEN the address records that read, and the owner's account page shows when, from where,
    and until when it works."""
    settings.SOJOURN_FEED_DAYS = 30
    secret = tokens.rotate_feed_secret(user=cast.traveller, now=NOW)
    client.force_login(cast.traveller)
    assert "never" in client.get("/account/").content.decode()

    clock(NOW + MINUTES)
    read(secret, address="203.0.113.5")

    feed = FeedSecret.objects.get()
    assert (feed.last_used_at, feed.last_used_from) == (NOW + MINUTES, "203.0.113.5")
    page = client.get("/account/").content.decode()
    assert "2026-03-02 09:10 UTC, from 203.0.113.5" in page
    assert "2026-04-01 09:00 UTC" in page  # works until: 30 days after it was made
