"""Trips in a chosen state, reached through the real services (never by setting `status`)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from sojourn.conftest import Cast
from sojourn.debriefs import filing
from sojourn.debriefs import services as debriefs
from sojourn.trips import services
from sojourn.trips.drafts import LegInput, MeetingInput, TripInput, create_draft
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)


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
    start = now.date() + starts_in_days * DAY
    return create_draft(
        actor=traveller or cast.traveller,
        now=now,
        data=TripInput(
            title=title,
            purpose="academic",
            legs=[
                LegInput(
                    country=country, city="Berlin", starts_on=start, ends_on=start + days * DAY
                )
            ],
            meetings=[
                MeetingInput(
                    counterpart="Dr. Weber",
                    organisation="TU Berlin",
                    country=country,
                    topics="robot learning",
                )
            ],
        ),
    )


def submitted(cast: Cast, now: datetime.datetime, **kwargs: object) -> Trip:
    trip = draft(cast, now, **kwargs)  # type: ignore[arg-type]
    return services.submit(trip, actor=trip.traveller, now=now)


def approved(cast: Cast, now: datetime.datetime, **kwargs: object) -> Trip:
    trip = submitted(cast, now, **kwargs)
    return services.decide(trip, actor=cast.officer, decision="approve", now=now)


def in_progress(cast: Cast, now: datetime.datetime) -> Trip:
    return services.depart(approved(cast, now), actor=None, now=now + 31 * DAY)


def returned(cast: Cast, now: datetime.datetime) -> Trip:
    return services.return_home(in_progress(cast, now), actor=None, now=now + 36 * DAY)


def debriefed(cast: Cast, now: datetime.datetime) -> Trip:
    trip = returned(cast, now)
    debriefs.save_draft(
        trip, actor=trip.traveller, now=now + 37 * DAY, summary="Gave a talk; met two groups."
    )
    return filing.submit_debrief(trip, actor=trip.traveller, now=now + 37 * DAY)


def make_officer(cast: Cast, username: str) -> User:
    from sojourn.conftest import make_user
    from sojourn.people.models import Role

    return make_user(username, org=cast.lab, role=Role.OFFICER)
