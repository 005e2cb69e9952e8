"""Trips in a chosen state for the page tests, reached through the real services."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth.models import User

from sojourn.care.services import check_in
from sojourn.trips import services
from sojourn.trips.drafts import LegInput, MeetingInput, TripInput, create_draft
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)
# What the `view_clock` fixture gives a test: call it with the moment the pages should see.
SetClock = Callable[[datetime.datetime], None]


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def draft(
    traveller: User,
    now: datetime.datetime,
    *,
    title: str,
    country: str = "DE",
    city: str = "Berlin",
    starts_in_days: int = 30,
    days: int = 5,
) -> Trip:
    start = now.date() + starts_in_days * DAY
    data = TripInput(
        title=title,
        purpose="conference",
        legs=[LegInput(country=country, city=city, starts_on=start, ends_on=start + days * DAY)],
        meetings=[MeetingInput(counterpart="Dr. Weber", organisation="TU Berlin", topics="agents")],
    )
    return create_draft(actor=traveller, data=data, now=now)


def submitted(traveller: User, now: datetime.datetime, **kwargs: object) -> Trip:
    trip = draft(traveller, now, **kwargs)  # type: ignore[arg-type]
    return services.submit(trip, actor=traveller, now=now)


def approved(traveller: User, officer: User, now: datetime.datetime, **kwargs: object) -> Trip:
    trip = submitted(traveller, now, **kwargs)
    return services.decide(trip, actor=officer, decision="approve", now=now)


def in_progress(traveller: User, officer: User, now: datetime.datetime, **kwargs: object) -> Trip:
    trip = approved(traveller, officer, now, **kwargs)
    assert trip.starts_on is not None
    return services.depart(trip, actor=traveller, now=at(trip.starts_on))


def checked_in(trip: Trip, when: datetime.datetime) -> None:
    check_in(trip, actor=trip.traveller, status="ok", now=when, country="FR", city="Paris")


def returned(traveller: User, officer: User, now: datetime.datetime, **kwargs: object) -> Trip:
    trip = in_progress(traveller, officer, now, **kwargs)
    assert trip.ends_on is not None
    return services.return_home(trip, actor=traveller, now=at(trip.ends_on, 20))
