"""Calendar feeds behind a secret address: a traveller's trips and deadlines, an officer's
organisation's departures and returns, oversight's departures everywhere; valid iCalendar,
escaped by the library, bounded, cached five minutes, and gone the moment the secret rotates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from sojourn.api import feeds
from sojourn.conftest import Cast
from sojourn.people.models import Person
from sojourn.security import tokens
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Trip

HOST = "sojourn.example.org"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _base_url(settings, view_clock, now: datetime.datetime) -> None:
    settings.SOJOURN_BASE_URL = f"https://{HOST}"
    settings.SOJOURN_BASE_URL_SET = True
    view_clock(now)


def feed_url(user: User, now: datetime.datetime) -> str:
    return f"/feeds/{tokens.rotate_feed_secret(user=user, now=now)}/trips.ics"


def named_feed_url(user: User, now: datetime.datetime) -> str:
    """The address of a feed whose owner chose to see travellers' names and destinations."""
    url = feed_url(user, now)
    assert tokens.show_names_in_feed(user=user, shows=True, now=now)
    return url


def fetch(url: str) -> Calendar:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, Any]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def uid(trip: Trip, kind: str = "") -> str:
    return f"trip-{trip.pk}{'-' + kind if kind else ''}@{HOST}"


@pytest.fixture
def trips(cast: Cast, now: datetime.datetime) -> dict[str, Trip]:
    """GIVEN the traveller's trips in every state that matters, and the colleague's one."""
    withdrawn = builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Withdrawn trip", purpose="conference", country="JP"),
    )
    return {
        "oslo": builders.draft(
            cast.traveller,
            now,
            builders.Itinerary(title="Draft to Oslo", purpose="conference", country="NO"),
        ),
        "berlin": builders.submitted(
            cast.traveller,
            now,
            builders.Itinerary(title="Workshop in Berlin", purpose="conference"),
        ),
        "paris": builders.under_way(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title="Summit in Paris", purpose="conference", country="FR"
            ),
        ),
        "boston": builders.returned(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title="Conference in Boston", purpose="conference", country="US"
            ),
        ),
        "withdrawn": services.withdraw(withdrawn, actor=cast.traveller, now=now),
        "seoul": builders.submitted(
            cast.colleague,
            now,
            builders.Itinerary(title="Visit to Seoul", purpose="conference", country="KR"),
        ),
    }


# A traveller's feed -----------------------------------------------------------------------------


def test_a_traveller_sees_their_trips_and_deadlines(
    cast: Cast, now: datetime.datetime, trips: dict[str, Trip]
) -> None:
    """GIVEN a draft, a submitted trip, one under way, one back home and one withdrawn WHEN the
    traveller's calendar polls THEN the trips going ahead are all-day events (the submitted one
    tentative), with the draft's report-by date, the next check-in and the debrief due."""
    found = events(fetch(feed_url(cast.traveller, now)))

    oslo, berlin, paris, boston = (trips[name] for name in ("oslo", "berlin", "paris", "boston"))
    assert set(found) == {
        uid(oslo, "report-by"),
        uid(berlin),
        uid(paris),
        uid(paris, "checkin"),
        uid(boston),
        uid(boston, "debrief"),
    }
    trip = found[uid(berlin)]
    assert str(trip["summary"]) == "Trip: Workshop in Berlin"
    assert trip.decoded("dtstart") == berlin.starts_on
    assert berlin.ends_on is not None
    assert trip.decoded("dtend") == berlin.ends_on + DAY  # exclusive
    assert str(trip["status"]) == "TENTATIVE"
    assert str(trip["url"]) == f"https://{HOST}/trips/{berlin.pk}/"
    assert "Destinations: Germany" in str(trip["description"])
    assert trip.decoded("dtstamp") == now
    assert str(found[uid(paris)]["status"]) == "CONFIRMED"

    report_by = found[uid(oslo, "report-by")]
    assert str(report_by["summary"]) == "Report by: Draft to Oslo"
    assert report_by.decoded("dtstart") == oslo.report_by

    checkin = found[uid(paris, "checkin")]
    assert str(checkin["summary"]) == "Check in: Summit in Paris"
    assert checkin.decoded("dtstart") == paris.checkin_due_at
    assert checkin.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert str(checkin["url"]) == f"https://{HOST}/trips/{paris.pk}/checkin/"

    debrief = found[uid(boston, "debrief")]
    assert debrief.decoded("dtstart") == boston.debrief_due
    assert str(debrief["url"]) == f"https://{HOST}/trips/{boston.pk}/debrief/"


def test_the_uids_are_stable_between_polls(
    cast: Cast, now: datetime.datetime, trips: dict[str, Trip], view_clock
) -> None:
    url = feed_url(cast.traveller, now)
    first = events(fetch(url))
    view_clock(now + datetime.timedelta(hours=1))

    second = events(fetch(url))

    assert set(first) == set(second)
    assert second[uid(trips["berlin"])].decoded("dtstamp") == now + datetime.timedelta(hours=1)


def test_a_title_full_of_syntax_comes_back_identical(cast: Cast, now: datetime.datetime) -> None:
    """GIVEN a title with HTML, commas, semicolons, a backslash and a newline WHEN it is in the
    feed THEN the file escapes it (no raw line break, no unescaped separator), folds long lines,
    and a parser reads back the same text."""
    title = '<script>alert("x")</script>, then; more\\ and\na second line ' + "long " * 20
    trip = builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Plain", purpose="conference")
    )
    Trip.objects.filter(pk=trip.pk).update(title=title)

    response = Client().get(feed_url(cast.traveller, now))

    raw = response.content
    assert b'<script>alert("x")</script>\\, then\\; more\\\\ and\\na second' in raw.replace(
        b"\r\n ", b""
    )
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    event = events(Calendar.from_ical(raw))[uid(trip)]
    assert str(event["summary"]) == f"Trip: {title}"
    assert str(event["description"]).startswith(f"{title}\nTraveller: Traveller\n")


def test_the_feed_is_in_the_owners_language(
    cast: Cast, now: datetime.datetime, trips: dict[str, Trip]
) -> None:
    Person.objects.filter(user=cast.traveller).update(language="zh-hans")

    calendar = fetch(feed_url(cast.traveller, now))

    with translation.override("zh-hans"):
        assert str(calendar["x-wr-calname"]) == translation.gettext("Sojourn: my trips")
    description = str(events(calendar)[uid(trips["berlin"])]["description"])
    assert "已提交" in description  # submitted
    assert "德国" in description  # Germany


# An officer's and oversight's feeds ------------------------------------------------------------


def test_an_officer_who_travels_gets_their_trips_and_their_organisations_travel(
    cast: Cast, now: datetime.datetime, trips: dict[str, Trip]
) -> None:
    """GIVEN the lab's trips, the officer's own trip and a robotics trip WHEN the officer's
    calendar polls THEN it holds the officer's trip, and the departure and return of every lab
    trip going ahead, as free time, and nothing of the robotics company."""
    own = builders.submitted(
        cast.officer,
        now,
        builders.Itinerary(title="Officer's visit to Rome", purpose="conference", country="IT"),
    )
    robo_user = cast.other_officer
    builders.submitted(
        robo_user,
        now,
        builders.Itinerary(title="Robotics visit", purpose="conference", country="BR"),
    )

    calendar = fetch(named_feed_url(cast.officer, now))
    found = events(calendar)

    assert str(calendar["x-wr-calname"]) == "Sojourn: my trips and the travel of Lab"
    going = [trips[name] for name in ("berlin", "paris", "boston", "seoul")]
    expected = {uid(own)} | {uid(t, kind) for t in going for kind in ("departure", "return")}
    assert set(found) == expected
    departure = found[uid(trips["seoul"], "departure")]
    assert str(departure["summary"]) == "Departs: Colleague, Visit to Seoul"
    assert str(departure["transp"]) == "TRANSPARENT"
    assert departure.decoded("dtstart") == trips["seoul"].starts_on
    returning = found[uid(trips["paris"], "return")]
    assert str(returning["summary"]) == "Returns: Traveller, Summit in Paris"
    assert returning.decoded("dtstart") == trips["paris"].ends_on


def test_an_officers_feed_keeps_to_its_window(cast: Cast, now: datetime.datetime) -> None:
    """GIVEN a trip 70 to 60 days ago, one back 10 days ago from 40 days ago, and one 400 days
    ahead WHEN the officer polls THEN only the recent return shows; the traveller has all."""
    long_ago = builders.submitted(
        cast.traveller,
        now - 100 * DAY,
        builders.Itinerary(title="Long ago", purpose="conference", days=10),
    )
    back = builders.submitted(
        cast.traveller,
        now - 70 * DAY,
        builders.Itinerary(title="Back", purpose="conference", days=30),
    )
    far = builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Far ahead", purpose="conference", starts_in_days=400),
    )

    found = events(fetch(feed_url(cast.officer, now)))

    assert set(found) == {uid(back, "return")}
    assert set(events(fetch(feed_url(cast.traveller, now)))) == {
        uid(long_ago),
        uid(back),
        uid(far),
    }


def test_oversight_sees_every_organisations_departures_capped(
    cast: Cast, now: datetime.datetime, trips: dict[str, Trip], monkeypatch
) -> None:
    robo = builders.submitted(
        cast.other_officer,
        now,
        builders.Itinerary(title="Robotics visit", purpose="conference", starts_in_days=1),
    )

    found = events(fetch(named_feed_url(cast.oversight, now)))

    going = [trips[name] for name in ("berlin", "paris", "boston", "seoul")] + [robo]
    assert set(found) == {uid(trip, "departure") for trip in going}
    assert str(found[uid(robo, "departure")]["summary"]) == (
        "Departs: Other_officer (Robo), Robotics visit"
    )

    monkeypatch.setattr(feeds, "CAP", 2)
    capped = events(fetch(named_feed_url(cast.oversight, now)))
    earliest = sorted(going, key=lambda trip: (trip.starts_on, trip.pk))[:2]
    assert set(capped) == {uid(trip, "departure") for trip in earliest}


def test_an_auditor_gets_their_own_trips_only(
    cast: Cast, now: datetime.datetime, trips: dict[str, Trip]
) -> None:
    calendar = fetch(feed_url(cast.auditor, now))

    assert events(calendar) == {}
    assert str(calendar["x-wr-calname"]) == "Sojourn: my trips"


def test_the_cost_does_not_grow_with_the_trips(
    cast: Cast, now: datetime.datetime, django_assert_max_num_queries
) -> None:
    url = feed_url(cast.officer, now)
    for number in range(3):
        builders.submitted(
            cast.traveller, now, builders.Itinerary(title=f"Trip {number}", purpose="conference")
        )
    with django_assert_max_num_queries(8) as few:
        fetch(url)
    for number in range(15):
        builders.submitted(
            cast.colleague, now, builders.Itinerary(title=f"More {number}", purpose="conference")
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        fetch(url)


# The secret ------------------------------------------------------------------------------------


def test_an_unknown_or_rotated_secret_is_the_same_404(cast: Cast, now: datetime.datetime) -> None:
    """GIVEN a feed address WHEN its secret rotates THEN the old address answers exactly what a
    made-up one answers, and the new one works."""
    old = feed_url(cast.traveller, now)
    assert Client().get(old).status_code == 200

    new = feed_url(cast.traveller, now)
    gone = Client().get(old)
    made_up = Client().get("/feeds/not-a-secret/trips.ics")

    assert gone.status_code == made_up.status_code == 404
    assert gone.content == made_up.content
    assert gone["Content-Type"] == made_up["Content-Type"]
    assert Client().get(new).status_code == 200


def test_a_disabled_account_has_no_feed(cast: Cast, now: datetime.datetime) -> None:
    url = feed_url(cast.traveller, now)
    cast.traveller.is_active = False
    cast.traveller.save()

    assert Client().get(url).status_code == 404


def test_a_feed_is_read_only(cast: Cast, now: datetime.datetime) -> None:
    url = feed_url(cast.traveller, now)

    assert Client().post(url).status_code == 405
    assert Client().head(url).status_code == 200
