"""Trips of the robotics company, which follows the real seed-sensitive-tech pack: a trip to the
US is restricted (necessity, two approvals, a detailed debrief naming foreign contacts), a trip
to Brazil is standard (approved automatically, a summary debrief). Reached through the services."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from sojourn.conftest import Cast, make_user
from sojourn.people.models import Position, Role
from sojourn.trips import services
from sojourn.trips.drafts import LegInput, TripInput, create_draft
from sojourn.trips.models import Trip
from sojourn.web.tests.builders import at

DAY = datetime.timedelta(days=1)


def engineer(cast: Cast) -> User:
    """A researcher of the robotics company (its officer is the cast's `other_officer`)."""
    return make_user("engineer", org=cast.robo, role=Role.TRAVELLER, position=Position.RESEARCHER)


def approved(
    cast: Cast,
    traveller: User,
    now: datetime.datetime,
    *,
    country: str = "US",
    city: str = "San Francisco",
    title: str = "Robotics summit",
    starts_in_days: int = 40,
    days: int = 4,
) -> Trip:
    start = now.date() + starts_in_days * DAY
    trip = create_draft(
        actor=traveller,
        now=now,
        data=TripInput(
            title=title,
            purpose="conference",
            necessity="The standards meeting votes in person only.",
            alternatives="Remote attendance was refused by the organisers.",
            legs=[
                LegInput(country=country, city=city, starts_on=start, ends_on=start + days * DAY)
            ],
        ),
    )
    trip = services.submit(trip, actor=traveller, now=now)
    for reviewer in (cast.other_officer, cast.oversight):
        if trip.status == "submitted":
            trip = services.decide(trip, actor=reviewer, decision="approve", now=now)
    return trip


def in_progress(cast: Cast, traveller: User, now: datetime.datetime, **kwargs: object) -> Trip:
    trip = approved(cast, traveller, now, **kwargs)  # type: ignore[arg-type]
    assert trip.starts_on is not None
    return services.depart(trip, actor=traveller, now=at(trip.starts_on))


def returned(cast: Cast, traveller: User, now: datetime.datetime, **kwargs: object) -> Trip:
    trip = in_progress(cast, traveller, now, **kwargs)
    assert trip.ends_on is not None
    return services.return_home(trip, actor=traveller, now=at(trip.ends_on, 20))


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
