"""The page tests' trips, on the one test kit (sojourn.testing.builders): a conference trip
planned with Dr. Weber of TU Berlin, approved by the officer given, moved by its traveller on
its own days. `**plan` is `conference`'s arguments."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User

from sojourn.testing import builders
from sojourn.testing.builders import DAY, at
from sojourn.trips.drafts import MeetingInput
from sojourn.trips.models import Trip

__all__ = ["DAY", "SetClock", "approved", "at", "checked_in", "draft", "in_progress", "returned"]

# What the `view_clock` fixture gives a test: call it with the moment the pages should see.
SetClock = Callable[[datetime.datetime], None]
WEBER = (MeetingInput(counterpart="Dr. Weber", organisation="TU Berlin", topics="agents"),)


def conference(
    *,
    title: str,
    country: str = "DE",
    city: str = "Berlin",
    starts_in_days: int = 30,
    days: int = 5,
) -> builders.Itinerary:
    return builders.Itinerary(
        title=title,
        purpose="conference",
        country=country,
        city=city,
        starts_in_days=starts_in_days,
        days=days,
        meetings=WEBER,
    )


def draft(traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.draft(traveller, now, conference(**plan))


def submitted(traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.submitted(traveller, now, conference(**plan))


def approved(traveller: User, officer: User, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.approved(traveller, now, reviewers=[officer], itinerary=conference(**plan))


def in_progress(traveller: User, officer: User, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.under_way(traveller, now, reviewers=[officer], itinerary=conference(**plan))


def returned(traveller: User, officer: User, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.returned(traveller, now, reviewers=[officer], itinerary=conference(**plan))


checked_in = builders.checked_in
