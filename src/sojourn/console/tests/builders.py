"""Trips in the states the console shows, built with the one test kit (sojourn.testing.builders).

The lab follows the one-step test pack (every foreign trip reviewed by its officer); the robotics
company follows seed-sensitive-tech, so its trips to the US go to the officer and then oversight.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips.models import Trip
from sojourn.web.tests.builders import DAY, at, draft, in_progress, returned, submitted

__all__ = [
    "DAY",
    "at",
    "draft",
    "file_debrief",
    "in_progress",
    "reopened",
    "returned",
    "silent",
    "submitted",
]

file_debrief = builders.file_debrief
reopened = builders.reopened
silent = builders.missed_checkins


def engineer(cast: Cast, username: str = "engineer") -> User:
    """A researcher of the robotics company (its officer is the cast's `other_officer`)."""
    return builders.traveller(username, organisation=cast.robo)


def restricted(traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    """A robotics trip to the US and its allies, submitted: the officer's step, then oversight."""
    return builders.submitted(traveller, now, builders.summit(**plan))


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


def make_officer(cast: Cast, username: str) -> User:
    """A second security officer of the lab."""
    return builders.officer(username, organisation=cast.lab)


def make_user_in(cast: Cast, username: str) -> User:
    """Another researcher of the lab."""
    return builders.traveller(username, organisation=cast.lab)
