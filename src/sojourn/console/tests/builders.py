"""Trips in the states the console shows, built with the one test kit (sojourn.testing.builders).

The lab follows the one-step test pack (every foreign trip reviewed by its officer); the robotics
company follows seed-sensitive-tech, so its trips to the US go to the officer and then oversight.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from sojourn.care import escalating
from sojourn.conftest import Cast
from sojourn.debriefs import filing
from sojourn.debriefs.services import IncidentInput, MeetingHeld, save_draft
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.assessing import assess
from sojourn.trips.models import Trip
from sojourn.web.tests.builders import DAY, at, draft, in_progress, returned, submitted

__all__ = ["DAY", "at", "draft", "in_progress", "returned", "submitted"]


def engineer(cast: Cast, username: str = "engineer") -> User:
    """A researcher of the robotics company (its officer is the cast's `other_officer`)."""
    return builders.traveller(username, organisation=cast.robo)


def restricted(traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    """A robotics trip to the US and its allies, submitted: the officer's step, then oversight."""
    return builders.submitted(traveller, now, builders.summit(**plan))


def reopened(trip: Trip, now: datetime.datetime) -> Trip:
    """A trip under way whose chain a directive reopened: decided again, approve or deny."""
    return services.reopen(
        trip, assessment=assess(trip, today=now.date()), reason="A new advisory.", now=now
    )


def debriefed(
    traveller: User,
    officer: User,
    now: datetime.datetime,
    *,
    title: str,
    **kwargs: object,
) -> Trip:
    """Back home with a debrief filed the day after return."""
    return file_debrief(returned(traveller, officer, now, title=title, **kwargs))


def file_debrief(trip: Trip, summary: str = "Presented our paper; met two researchers.") -> Trip:
    """The traveller files their debrief the day after return: two meetings (one flagged), two
    incidents of different kinds, and materials."""
    assert trip.ends_on is not None
    filed = at(trip.ends_on + DAY, 10)
    save_draft(
        trip,
        actor=trip.traveller,
        now=filed,
        summary=summary,
        materials="Slides of the keynote; a USB stick from the host (not plugged in).",
        meetings=[
            MeetingHeld(
                counterpart="Dr. Weber",
                organisation="TU Berlin",
                country="DE",
                topics="Agents and planning",
            ),
            MeetingHeld(
                counterpart="Mr. Smith",
                organisation="Acme Capital",
                country="US",
                topics="Funding for a joint lab",
                sensitive_topics=True,
                future_contact_requested=True,
            ),
        ],
        incidents=[
            IncidentInput(
                kind="device_inspection",
                description="Laptop taken away for twenty minutes at the border.",
                country="DE",
            ),
            IncidentInput(kind="gift", description="A branded power bank."),
        ],
    )
    return filing.submit_debrief(trip, actor=trip.traveller, now=filed)


def silent(trip: Trip, *, intervals: int = 1) -> None:
    """The traveller missed a check-in (two: unreachable): the worker's pass escalates."""
    assert trip.checkin_due_at is not None
    assert trip.checkin_hours is not None
    late = datetime.timedelta(hours=trip.checkin_hours * (intervals - 1) + 3)
    escalating.escalate_checkins(trip.checkin_due_at + late)


def make_officer(cast: Cast, username: str) -> User:
    """A second security officer of the lab."""
    return builders.officer(username, organisation=cast.lab)


def make_user_in(cast: Cast, username: str) -> User:
    """Another researcher of the lab."""
    return builders.traveller(username, organisation=cast.lab)
