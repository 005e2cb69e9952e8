"""The lifecycle tests' timeline on the one test kit (sojourn.testing.builders): the cast's
traveller reports a trip `now`, the lab's officer approves it at once, and the worker moves it on
its days (it starts 30 days on: departure the day after, home five days later, the debrief filed
the day after that)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips.models import Trip

DAY = builders.DAY


def plan(
    *,
    country: str = "DE",
    starts_in_days: int = 30,
    days: int = 5,
    title: str = "Workshop in Berlin",
) -> builders.Itinerary:
    return builders.Itinerary(
        title=title, country=country, starts_in_days=starts_in_days, days=days
    )


def draft(
    cast: Cast,
    now: datetime.datetime,
    *,
    traveller: User | None = None,
    country: str = "DE",
    starts_in_days: int = 30,
    days: int = 5,
    title: str = "Workshop in Berlin",
) -> Trip:
    itinerary = plan(country=country, starts_in_days=starts_in_days, days=days, title=title)
    return builders.draft(traveller or cast.traveller, now, itinerary)


def submitted(
    cast: Cast,
    now: datetime.datetime,
    *,
    traveller: User | None = None,
    country: str = "DE",
    starts_in_days: int = 30,
    days: int = 5,
    title: str = "Workshop in Berlin",
) -> Trip:
    itinerary = plan(country=country, starts_in_days=starts_in_days, days=days, title=title)
    return builders.submitted(traveller or cast.traveller, now, itinerary)


def approved(
    cast: Cast,
    now: datetime.datetime,
    *,
    traveller: User | None = None,
    country: str = "DE",
    starts_in_days: int = 30,
    days: int = 5,
    title: str = "Workshop in Berlin",
) -> Trip:
    itinerary = plan(country=country, starts_in_days=starts_in_days, days=days, title=title)
    return builders.approved(
        traveller or cast.traveller, now, reviewers=[cast.officer], itinerary=itinerary
    )


def in_progress(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.under_way(
        cast.traveller, now, reviewers=[cast.officer], departed_at=now + 31 * DAY, by_worker=True
    )


def returned(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        departed_at=now + 31 * DAY,
        returned_at=now + 36 * DAY,
        by_worker=True,
    )


def debriefed(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        departed_at=now + 31 * DAY,
        returned_at=now + 36 * DAY,
        filed_at=now + 37 * DAY,
        by_worker=True,
    )


def make_officer(cast: Cast, username: str) -> User:
    return builders.officer(username, organisation=cast.lab)
