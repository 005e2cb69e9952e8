"""Oversight watches organisations that are on different dates: each row is counted against its
own organisation's today (`people.today.by_local_date`), never oversight's, and what-if reads the
directives in force at the end of each trip's organisation's day, as submission does.

At 20:00 UTC on 10 February, Tokyo is already on the 11th while Los Angeles and the authority
(UTC) are still on the 10th.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from sojourn.conftest import TEST_PACK
from sojourn.console.selectors import people, watch
from sojourn.directives import selectors, services, whatif
from sojourn.people.models import Organisation
from sojourn.policy import load_pack
from sojourn.testing import builders
from sojourn.trips import services as lifecycle
from sojourn.trips.models import Trip, TripStatus
from sojourn.trips.tests.test_it_local_today import Office, office
from sojourn.web import home_selectors

DAY = datetime.timedelta(days=1)
TENTH = datetime.date(2026, 2, 10)
NOW = datetime.datetime(2026, 2, 10, 20, tzinfo=datetime.UTC)
REPORTED = datetime.datetime(2026, 1, 2, 9, tzinfo=datetime.UTC)


@pytest.fixture
def tokyo(db: None) -> Office:
    return office("tokyo", "Asia/Tokyo", "JP")


@pytest.fixture
def los_angeles(db: None) -> Office:
    return office("losangeles", "America/Los_Angeles", "US")


@pytest.fixture
def oversight(db: None) -> User:
    authority = Organisation.objects.create(
        name="Authority", slug="authority", home_country="CN", time_zone="UTC"
    )
    return builders.oversight("oversight", organisation=authority)


def trip(who: Office, title: str, country: str, starts_on: datetime.date, days: int) -> Trip:
    """A trip of `who` reported on 2 January (well ahead), approved by their officer."""
    itinerary = builders.Itinerary(
        title=title,
        country=country,
        city="",
        starts_in_days=(starts_on - REPORTED.date()).days,
        days=days,
    )
    return builders.approved(who.traveller, REPORTED, reviewers=[who.officer], itinerary=itinerary)


def test_the_dashboard_places_each_traveller_on_their_organisations_date(
    tokyo: Office, los_angeles: Office, oversight: User
) -> None:
    """GIVEN a Tokyo traveller who left for Germany on Tokyo's 11th and a Los Angeles traveller
    in France until Los Angeles' 10th WHEN oversight (on the 10th) opens the dashboard THEN
    both are on a leg today, each by their own organisation's date."""
    germany = trip(tokyo, "Tokyo to Berlin", "DE", TENTH + DAY, 2)
    france = trip(los_angeles, "Los Angeles to Paris", "FR", TENTH - 3 * DAY, 3)
    lifecycle.depart(germany, actor=tokyo.traveller, now=NOW)  # the 11th in Tokyo
    lifecycle.depart(france, actor=los_angeles.traveller, now=builders.at(TENTH - 2 * DAY))

    abroad = selectors.dashboard(oversight, NOW, "en").abroad

    assert abroad.travellers == 2
    assert abroad.located == 2
    assert {row.key: row.count for row in abroad.countries} == {"DE": 1, "FR": 1}


def test_the_watch_list_marks_a_debrief_overdue_by_its_organisations_date(
    tokyo: Office, los_angeles: Office, oversight: User
) -> None:
    """GIVEN two trips home, each debrief due on the 10th WHEN oversight (on the 10th) opens the
    watch list THEN the Tokyo debrief is overdue (Tokyo is on the 11th) and the Los Angeles one
    is not yet (Los Angeles is on the 10th)."""
    for who, title in ((tokyo, "Tokyo trip"), (los_angeles, "Los Angeles trip")):
        away = trip(who, title, "DE", TENTH - 10 * DAY, 2)
        away = lifecycle.depart(away, actor=who.traveller, now=builders.at(TENTH - 10 * DAY))
        lifecycle.return_home(away, actor=who.traveller, now=builders.at(TENTH - 8 * DAY))
    Trip.objects.filter(status=TripStatus.RETURNED).update(debrief_due=TENTH)

    listed = watch.watch_list(oversight, now=NOW, pages={}, language="en")

    overdue = {line.trip.title: vars(line.trip)["debrief_overdue"] for line in listed.debriefs}
    assert overdue == {"Tokyo trip": True, "Los Angeles trip": False}


def test_whatif_reads_the_directives_in_force_on_the_trips_organisations_date(
    tokyo: Office, oversight: User
) -> None:
    """GIVEN a Tokyo trip to Germany approved under the pack, and an advisory prohibiting
    Germany that takes effect at 10:00 UTC on the 11th (Tokyo's 11th, still the 10th's evening
    in UTC when what-if runs) WHEN oversight asks what-if under the same pack at 20:00 UTC on the
    10th THEN the trip comes out stricter, as it would if submitted in Tokyo now."""
    berlin = trip(tokyo, "Tokyo to Berlin", "DE", TENTH + 20 * DAY, 3)
    services.issue_advisory(
        actor=oversight,
        destinations=["DE"],
        starts_on=TENTH,
        ends_on=TENTH + 60 * DAY,
        effect="prohibit",
        text="Travel to Germany is suspended.",
        now=datetime.datetime(2026, 2, 11, 10, tzinfo=datetime.UTC),
    )

    report = whatif.whatif(load_pack(TEST_PACK.read_text()), now=NOW)

    assert report.examined == 1
    assert [(row.trip_id, row.stricter) for row in report.rows] == [(berlin.pk, True)]


def test_oversights_home_and_people_list_count_an_overdue_debrief_by_its_organisations_date(
    tokyo: Office, los_angeles: Office, oversight: User
) -> None:
    """GIVEN two trips home, each debrief due on the 10th WHEN oversight (on the 10th) opens its
    home page's organisation counts and the people list THEN only Tokyo's debrief is overdue
    (Tokyo is on the 11th, Los Angeles on the 10th)."""
    for who, title in ((tokyo, "Tokyo trip"), (los_angeles, "Los Angeles trip")):
        away = trip(who, title, "DE", TENTH - 10 * DAY, 2)
        away = lifecycle.depart(away, actor=who.traveller, now=builders.at(TENTH - 10 * DAY))
        lifecycle.return_home(away, actor=who.traveller, now=builders.at(TENTH - 8 * DAY))
    Trip.objects.filter(status=TripStatus.RETURNED).update(debrief_due=TENTH)

    counts = home_selectors.organisation_counts(oversight, NOW)
    listed = people.people(oversight, people.PeopleFilters(), None, NOW)

    by_organisation = {row.organisation.slug: row.overdue_debriefs for row in counts}
    assert by_organisation == {"tokyo": 1, "losangeles": 0, "authority": 0}
    by_traveller = {line.person.user_id: line.debriefs_overdue for line in listed.lines}
    assert by_traveller == {tokyo.traveller.pk: 1, los_angeles.traveller.pk: 0}
