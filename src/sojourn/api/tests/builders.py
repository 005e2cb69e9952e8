"""Trips in a chosen state for the API tests, reached through the real services, and the JSON
bodies a client sends.

The lab's trips follow the one-step test pack (reviewed by the lab's officer, check-ins every
24 hours, a summary debrief); the robotics company's follow the real seed pack (a trip to the
US is restricted: necessity, two approvals, a briefing, a detailed debrief).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from sojourn.conftest import Cast, make_user
from sojourn.debriefs import filing
from sojourn.debriefs.services import save_draft
from sojourn.people.models import Position, Role
from sojourn.trips import services
from sojourn.trips.drafts import LegInput, MeetingInput, TripInput, create_draft
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def leg_body(
    start: datetime.date, *, days: int = 4, country: str = "DE", **extra: Any
) -> dict[str, Any]:
    return {
        "country": country,
        "city": "Berlin" if country == "DE" else "",
        "starts_on": start.isoformat(),
        "ends_on": (start + days * DAY).isoformat(),
        **extra,
    }


def trip_body(
    now: datetime.datetime,
    *,
    title: str = "Workshop in Berlin",
    country: str = "DE",
    starts_in_days: int = 30,
    days: int = 4,
    **extra: Any,
) -> dict[str, Any]:
    """What a client POSTs to /trips: one leg, one planned meeting."""
    start = now.date() + starts_in_days * DAY
    return {
        "title": title,
        "purpose": "academic",
        "legs": [leg_body(start, days=days, country=country)],
        "meetings": [
            {"counterpart": "Dr. Weber", "organisation": "TU Berlin", "topics": "robot learning"}
        ],
        **extra,
    }


def draft(
    traveller: User,
    now: datetime.datetime,
    *,
    title: str = "Workshop in Berlin",
    country: str = "DE",
    starts_in_days: int = 30,
    days: int = 4,
    necessity: str = "",
    alternatives: str = "",
) -> Trip:
    start = now.date() + starts_in_days * DAY
    return create_draft(
        actor=traveller,
        now=now,
        data=TripInput(
            title=title,
            purpose="academic",
            necessity=necessity,
            alternatives=alternatives,
            legs=[
                LegInput(
                    country=country, city="Berlin", starts_on=start, ends_on=start + days * DAY
                )
            ],
            meetings=[MeetingInput(counterpart="Dr. Weber", organisation="TU Berlin")],
        ),
    )


def submitted(traveller: User, now: datetime.datetime, **kwargs: Any) -> Trip:
    trip = draft(traveller, now, **kwargs)
    return services.submit(trip, actor=traveller, now=now)


def approved(cast: Cast, now: datetime.datetime, **kwargs: Any) -> Trip:
    """A lab trip of the cast's traveller, approved by the lab's officer."""
    trip = submitted(cast.traveller, now, **kwargs)
    return services.decide(trip, actor=cast.officer, decision="approve", now=now)


def in_progress(cast: Cast, now: datetime.datetime, **kwargs: Any) -> Trip:
    trip = approved(cast, now, **kwargs)
    assert trip.starts_on is not None
    return services.depart(trip, actor=cast.traveller, now=at(trip.starts_on))


def returned(cast: Cast, now: datetime.datetime, **kwargs: Any) -> Trip:
    trip = in_progress(cast, now, **kwargs)
    assert trip.ends_on is not None
    return services.return_home(trip, actor=cast.traveller, now=at(trip.ends_on, 20))


def debriefed(cast: Cast, now: datetime.datetime, **kwargs: Any) -> Trip:
    trip = returned(cast, now, **kwargs)
    assert trip.ends_on is not None
    moment = at(trip.ends_on + DAY)
    save_draft(trip, actor=cast.traveller, now=moment, summary="Two talks, one lab visit.")
    return filing.submit_debrief(trip, actor=cast.traveller, now=moment)


def engineer(cast: Cast) -> User:
    """A researcher of the robotics company, which follows the real seed pack."""
    return make_user("engineer", org=cast.robo, role=Role.TRAVELLER, position=Position.RESEARCHER)


def robo_approved(cast: Cast, traveller: User, now: datetime.datetime) -> Trip:
    """A restricted trip to the US, 40 days ahead, approved by both steps."""
    trip = draft(
        traveller,
        now,
        title="Robotics summit",
        country="US",
        starts_in_days=40,
        necessity="The standards meeting votes in person only.",
        alternatives="Remote attendance was refused by the organisers.",
    )
    trip = services.submit(trip, actor=traveller, now=now)
    for reviewer in (cast.other_officer, cast.oversight):
        trip = services.decide(trip, actor=reviewer, decision="approve", now=now)
    return trip


def robo_returned(cast: Cast, traveller: User, now: datetime.datetime) -> Trip:
    trip = robo_approved(cast, traveller, now)
    assert trip.starts_on is not None
    assert trip.ends_on is not None
    ends_on = trip.ends_on
    trip = services.depart(trip, actor=traveller, now=at(trip.starts_on))
    return services.return_home(trip, actor=traveller, now=at(ends_on, 20))


def ids(answer: Any) -> list[int]:
    """The ids of one page of a list answer."""
    assert answer.status == 200, answer.raw[:500]
    return [item["id"] for item in answer.json["items"]]


def walk(api: Any, path: str) -> list[list[int]]:
    """The ids of every page of a list, passing each page's `next` back as `cursor`."""
    pages = []
    answer = api.get(path)
    while True:
        pages.append(ids(answer))
        cursor = answer.json["next"]
        if cursor is None:
            return pages
        answer = api.get(f"{path}{'&' if '?' in path else '?'}cursor={cursor}")
