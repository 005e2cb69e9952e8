"""The one test kit: people of each role, and trips in each state of their lifecycle.

Every state is reached through the real services, exactly as a person would reach it (a trip is
never handed a `status`), so a builder also leaves the reviews, audit events, notifications and
escalations the services write. Builders take everything explicitly — who, when, where — and
hold no random state: the same call builds the same world.

    draft ─▶ submitted ─▶ approved ─▶ under_way ─▶ returned ─▶ debriefed ─▶ closed

Each state's builder takes the traveller, the moment the trip is reported (`now`), the trip's
plan (`Itinerary`) and, from `approved` on, the reviewers who approve its chain step by step.
The later moments default to the plan's own dates: departure at 09:00 on the first day, return
at 20:00 on the last, the debrief filed and accepted at 09:00 the day after.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from sojourn.care import escalating
from sojourn.care.services import check_in
from sojourn.debriefs import filing
from sojourn.debriefs.services import IncidentInput, MeetingHeld, save_draft
from sojourn.people.models import Organisation, Position, Role
from sojourn.people.services import create_person
from sojourn.trips import services
from sojourn.trips.assessing import assess
from sojourn.trips.drafts import LegInput, MeetingInput, TripInput, create_draft
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
PASSWORD = "correct-horse-battery-staple"

# What a page test's settable clock (the web tests' `view_clock` fixture) is: call it with the
# moment the pages should see.
SetClock = Callable[[datetime.datetime], None]


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """A moment on `day`, in UTC."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


# People ------------------------------------------------------------------------------------


def person(
    username: str,
    *,
    organisation: Organisation,
    role: Role,
    position: Position = Position.STAFF,
    email: str | None = None,
) -> User:
    """An account with its Sojourn profile, made as every person is (with its audit events);
    its password is `PASSWORD`."""
    return create_person(
        username=username,
        role=role,
        organisation=organisation,
        position=position,
        sectors=(),
        email=f"{username}@example.test" if email is None else email,
        password=PASSWORD,
        now=timezone.now(),
        first_name=username.capitalize(),
    )


def traveller(
    username: str, *, organisation: Organisation, position: Position = Position.RESEARCHER
) -> User:
    return person(username, organisation=organisation, role=Role.TRAVELLER, position=position)


def officer(username: str, *, organisation: Organisation) -> User:
    """A security officer of `organisation`."""
    return person(username, organisation=organisation, role=Role.OFFICER)


def oversight(username: str, *, organisation: Organisation) -> User:
    return person(username, organisation=organisation, role=Role.OVERSIGHT)


def auditor(username: str, *, organisation: Organisation) -> User:
    return person(username, organisation=organisation, role=Role.AUDITOR)


# Trips -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Itinerary:
    """What a trip is: one stay of `days` days, `starts_in_days` after it is reported."""

    title: str = "Workshop in Berlin"
    purpose: str = "academic"
    country: str = "DE"
    city: str = "Berlin"
    starts_in_days: int = 30
    days: int = 5
    necessity: str = ""
    alternatives: str = ""
    # None: one meeting planned, Dr. Weber of TU Berlin, met in the trip's country.
    meetings: tuple[MeetingInput, ...] | None = None

    def trip_input(self, reported_on: datetime.date) -> TripInput:
        starts_on = reported_on + self.starts_in_days * DAY
        leg = LegInput(
            country=self.country,
            city=self.city,
            starts_on=starts_on,
            ends_on=starts_on + self.days * DAY,
        )
        return TripInput(
            title=self.title,
            purpose=self.purpose,
            necessity=self.necessity,
            alternatives=self.alternatives,
            legs=[leg],
            meetings=list(self.meetings if self.meetings is not None else self._weber()),
        )

    def _weber(self) -> tuple[MeetingInput, ...]:
        return (
            MeetingInput(
                counterpart="Dr. Weber",
                organisation="TU Berlin",
                country=self.country,
                topics="robot learning",
            ),
        )


BERLIN = Itinerary()


def summit(
    *,
    title: str = "Robotics summit",
    country: str = "US",
    city: str = "San Francisco",
    starts_in_days: int = 40,
    days: int = 4,
) -> Itinerary:
    """A robotics summit, its necessity argued: in the US, a restricted trip for the robotics
    company's pack (seed-sensitive-tech: the officer's step, then oversight's); in Brazil, a
    standard one approved at submission."""
    return Itinerary(
        title=title,
        purpose="conference",
        country=country,
        city=city,
        starts_in_days=starts_in_days,
        days=days,
        necessity="The standards meeting votes in person only.",
        alternatives="Remote attendance was refused by the organisers.",
        meetings=(),
    )


def draft(traveller: User, now: datetime.datetime, itinerary: Itinerary = BERLIN) -> Trip:
    return create_draft(actor=traveller, now=now, data=itinerary.trip_input(now.date()))


def submitted(traveller: User, now: datetime.datetime, itinerary: Itinerary = BERLIN) -> Trip:
    trip = draft(traveller, now, itinerary)
    return services.submit(trip, actor=traveller, now=now)


def approved(
    traveller: User,
    now: datetime.datetime,
    *,
    reviewers: Sequence[User],
    itinerary: Itinerary = BERLIN,
) -> Trip:
    """Submitted, then each step of the chain approved by the next of `reviewers`, in order
    (none are needed where the policy approves at submission)."""
    trip = submitted(traveller, now, itinerary)
    waiting = list(reviewers)
    while trip.status == TripStatus.SUBMITTED and waiting:
        trip = services.decide(trip, actor=waiting.pop(0), decision="approve", now=now)
    if trip.status != TripStatus.APPROVED:
        raise ValueError(
            f"The trip is {trip.status} after {len(reviewers)} approvals: "
            "give a reviewer for every step of its chain."
        )
    return trip


def under_way(
    traveller: User,
    now: datetime.datetime,
    *,
    reviewers: Sequence[User],
    itinerary: Itinerary = BERLIN,
    departed_at: datetime.datetime | None = None,
    by_worker: bool = False,
) -> Trip:
    """Approved, then `departed` at `departed_at`, else its first morning."""
    trip = approved(traveller, now, reviewers=reviewers, itinerary=itinerary)
    return departed(trip, departed_at, by_worker=by_worker)


def returned(
    traveller: User,
    now: datetime.datetime,
    *,
    reviewers: Sequence[User],
    itinerary: Itinerary = BERLIN,
    departed_at: datetime.datetime | None = None,
    returned_at: datetime.datetime | None = None,
    by_worker: bool = False,
) -> Trip:
    """Under way, then `came_home` at `returned_at`, else its last evening."""
    trip = under_way(
        traveller,
        now,
        reviewers=reviewers,
        itinerary=itinerary,
        departed_at=departed_at,
        by_worker=by_worker,
    )
    return came_home(trip, returned_at, by_worker=by_worker)


def debriefed(
    traveller: User,
    now: datetime.datetime,
    *,
    reviewers: Sequence[User],
    itinerary: Itinerary = BERLIN,
    summary: str = "Gave a talk; met two groups.",
    meetings: Sequence[MeetingHeld] = (),
    no_meetings: bool = False,
    departed_at: datetime.datetime | None = None,
    returned_at: datetime.datetime | None = None,
    filed_at: datetime.datetime | None = None,
    by_worker: bool = False,
) -> Trip:
    """Returned, then a debrief with `summary` and the `meetings` held filed at `filed_at`,
    else the morning after the return. A policy that asks for a detailed debrief needs a
    meeting or `no_meetings` (none were held)."""
    trip = returned(
        traveller,
        now,
        reviewers=reviewers,
        itinerary=itinerary,
        departed_at=departed_at,
        returned_at=returned_at,
        by_worker=by_worker,
    )
    assert trip.ends_on is not None
    moment = filed_at or at(trip.ends_on + DAY)
    save_draft(
        trip,
        actor=traveller,
        now=moment,
        summary=summary,
        meetings=meetings,
        no_meetings=no_meetings,
    )
    return filing.submit_debrief(trip, actor=traveller, now=moment)


def closed(
    traveller: User,
    now: datetime.datetime,
    *,
    reviewers: Sequence[User],
    itinerary: Itinerary = BERLIN,
    accepted_by: User,
    accepted_at: datetime.datetime | None = None,
) -> Trip:
    """Debriefed, then the debrief accepted by `accepted_by` (the trip closes)."""
    trip = debriefed(traveller, now, reviewers=reviewers, itinerary=itinerary)
    assert trip.ends_on is not None
    moment = accepted_at or at(trip.ends_on + DAY)
    return filing.review_debrief(trip, actor=accepted_by, decision="accept", now=moment)


# Moments of a trip ---------------------------------------------------------------------------


def close(
    trip: Trip,
    *,
    accepted_by: User,
    summary: str = "Gave a talk; met two groups.",
) -> Trip:
    """A trip under way taken on to closed, as `closed` does after its departure: home on its
    last evening, the debrief filed and accepted the morning after (`trip.closed_at`). For a
    trip something happened to while abroad (a check-in)."""
    assert trip.ends_on is not None
    last_day = trip.ends_on
    trip = services.return_home(trip, actor=trip.traveller, now=at(last_day, 20))
    moment = at(last_day + DAY)
    save_draft(trip, actor=trip.traveller, now=moment, summary=summary)
    trip = filing.submit_debrief(trip, actor=trip.traveller, now=moment)
    return filing.review_debrief(trip, actor=accepted_by, decision="accept", now=moment)


def departed(trip: Trip, when: datetime.datetime | None = None, *, by_worker: bool = False) -> Trip:
    """An approved trip leaves at `when`, else on its first morning: marked by its traveller,
    or `by_worker` (no actor) as the worker's pass does on the first day."""
    assert trip.starts_on is not None
    actor = None if by_worker else trip.traveller
    return services.depart(trip, actor=actor, now=when or at(trip.starts_on))


def came_home(
    trip: Trip, when: datetime.datetime | None = None, *, by_worker: bool = False
) -> Trip:
    """A trip under way ends at `when`, else on its last evening: as its traveller says, or
    `by_worker` (no actor) as the worker's pass ends a trip after its last day."""
    assert trip.ends_on is not None
    actor = None if by_worker else trip.traveller
    return services.return_home(trip, actor=actor, now=when or at(trip.ends_on, 20))


def checked_in(
    trip: Trip, when: datetime.datetime, *, country: str = "FR", city: str = "Paris"
) -> None:
    """The traveller checks in, all well, from `city`."""
    check_in(trip, actor=trip.traveller, status="ok", now=when, country=country, city=city)


def asked_for_help(
    trip: Trip, when: datetime.datetime | None = None, *, country: str, city: str, note: str
) -> None:
    """The traveller checks in from `city` asking for help, with `note`; by default at noon on
    the trip's first day."""
    assert trip.starts_on is not None
    when = when or at(trip.starts_on, 12)
    check_in(
        trip,
        actor=trip.traveller,
        status="need_help",
        now=when,
        country=country,
        city=city,
        note=note,
    )


def missed_checkins(trip: Trip, *, intervals: int = 1) -> None:
    """The traveller missed `intervals` check-ins (two: unreachable) and the worker's pass, three
    hours after the last one fell due, escalates."""
    assert trip.checkin_due_at is not None
    assert trip.checkin_hours is not None
    late = datetime.timedelta(hours=trip.checkin_hours * (intervals - 1) + 3)
    escalating.escalate_checkins(trip.checkin_due_at + late)


def reopened(trip: Trip, now: datetime.datetime, *, reason: str = "A new advisory.") -> Trip:
    """A trip whose chain a directive reopened: to be decided again, approve or deny."""
    return services.reopen(trip, assessment=assess(trip, today=now.date()), reason=reason, now=now)


def file_debrief(trip: Trip, summary: str = "Presented our paper; met two researchers.") -> Trip:
    """A returned trip's traveller files a full debrief the day after return, at 10:00: two
    meetings (one with sensitive topics and a wish for future contact), two incidents of
    different kinds, and materials."""
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
