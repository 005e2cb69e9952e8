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
from sojourn.trips.models import Trip


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


def debrief_post(
    version: int,
    *,
    action: str = "save",
    summary: str = "",
    materials: str = "",
    no_meetings: bool = False,
    meetings: list[dict[str, str]] | None = None,
    incidents: list[dict[str, str]] | None = None,
    **extra: str,
) -> dict[str, str]:
    """What the debrief page's form posts, rows numbered as Django formsets number them."""
    data = {
        "action": action,
        "summary": summary,
        "materials": materials,
        "version": str(version),
        **extra,
    }
    if no_meetings:
        data["no_meetings"] = "on"
    for prefix, rows in (("meetings", meetings or []), ("incidents", incidents or [])):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data
