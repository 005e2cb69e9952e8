"""Trips in a chosen state for the API tests, built with the one test kit
(sojourn.testing.builders), and the JSON bodies a client sends.

The lab's trips follow the one-step test pack (reviewed by the lab's officer, check-ins every
24 hours, a summary debrief); the robotics company's follow the real seed pack (a trip to the
US is restricted: necessity, two approvals, a briefing, a detailed debrief).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.testing.bodies import leg_body, trip_body
from sojourn.testing.builders import DAY, at
from sojourn.testing.paging import ids, walk
from sojourn.trips.drafts import MeetingInput
from sojourn.trips.models import Trip

__all__ = [
    "DAY",
    "HOUR",
    "SUMMIT",
    "approved",
    "at",
    "debriefed",
    "draft",
    "engineer",
    "ids",
    "in_progress",
    "leg_body",
    "returned",
    "robo_approved",
    "robo_returned",
    "submitted",
    "trip_body",
    "walk",
    "workshop",
]

HOUR = datetime.timedelta(hours=1)


def workshop(
    *,
    title: str = "Workshop in Berlin",
    country: str = "DE",
    starts_in_days: int = 30,
    days: int = 4,
    necessity: str = "",
    alternatives: str = "",
) -> builders.Itinerary:
    """The API tests' trip: what `trip_body` describes, with Dr. Weber of TU Berlin to meet."""
    return builders.Itinerary(
        title=title,
        country=country,
        starts_in_days=starts_in_days,
        days=days,
        necessity=necessity,
        alternatives=alternatives,
        meetings=(MeetingInput(counterpart="Dr. Weber", organisation="TU Berlin"),),
    )


def draft(traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.draft(traveller, now, workshop(**plan))


def submitted(traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.submitted(traveller, now, workshop(**plan))


def approved(cast: Cast, now: datetime.datetime, **plan: Any) -> Trip:
    """A lab trip of the cast's traveller, approved by the lab's officer."""
    return builders.approved(
        cast.traveller, now, reviewers=[cast.officer], itinerary=workshop(**plan)
    )


def in_progress(cast: Cast, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.under_way(
        cast.traveller, now, reviewers=[cast.officer], itinerary=workshop(**plan)
    )


def returned(cast: Cast, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.returned(
        cast.traveller, now, reviewers=[cast.officer], itinerary=workshop(**plan)
    )


def debriefed(cast: Cast, now: datetime.datetime, **plan: Any) -> Trip:
    return builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=workshop(**plan),
        summary="Two talks, one lab visit.",
    )


def engineer(cast: Cast) -> User:
    """A researcher of the robotics company, which follows the real seed pack."""
    return builders.traveller("engineer", organisation=cast.robo)


SUMMIT = workshop(
    title="Robotics summit",
    country="US",
    starts_in_days=40,
    necessity="The standards meeting votes in person only.",
    alternatives="Remote attendance was refused by the organisers.",
)


def robo_approved(cast: Cast, traveller: User, now: datetime.datetime) -> Trip:
    """A restricted trip to the US, 40 days ahead, approved by both steps."""
    reviewers = [cast.other_officer, cast.oversight]
    return builders.approved(traveller, now, reviewers=reviewers, itinerary=SUMMIT)


def robo_returned(cast: Cast, traveller: User, now: datetime.datetime) -> Trip:
    reviewers = [cast.other_officer, cast.oversight]
    return builders.returned(traveller, now, reviewers=reviewers, itinerary=SUMMIT)
