"""Trips of the robotics company, which follows the real seed-sensitive-tech pack: a trip to the
US is restricted (necessity, two approvals, a detailed debrief naming foreign contacts), a trip
to Brazil is standard (approved automatically, a summary debrief). Built with the one test kit
(sojourn.testing.builders)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.testing.bodies import debrief_post
from sojourn.trips.models import Trip

__all__ = ["approved", "debrief_post", "engineer", "in_progress", "returned"]


def engineer(cast: Cast) -> User:
    """A researcher of the robotics company (its officer is the cast's `other_officer`)."""
    return builders.traveller("engineer", organisation=cast.robo)


def approved(cast: Cast, traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    """A robotics summit (`builders.summit(**plan)`), approved by every step its chain has."""
    reviewers = [cast.other_officer, cast.oversight]
    return builders.approved(traveller, now, reviewers=reviewers, itinerary=builders.summit(**plan))


def in_progress(cast: Cast, traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    reviewers = [cast.other_officer, cast.oversight]
    itinerary = builders.summit(**plan)
    return builders.under_way(traveller, now, reviewers=reviewers, itinerary=itinerary)


def returned(cast: Cast, traveller: User, now: datetime.datetime, **plan: Any) -> Trip:
    reviewers = [cast.other_officer, cast.oversight]
    itinerary = builders.summit(**plan)
    return builders.returned(traveller, now, reviewers=reviewers, itinerary=itinerary)
