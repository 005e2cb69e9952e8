"""What the worker finds at NOW: N active trips, 10 % of them due for something, as plain data.

Every kind of trip names the job of `sojourn.care.worker.jobs()` that has work for it at NOW and
how many units that job counts for one such trip, so the run can check that the cold pass did
exactly what the world asks of it. The same seed gives the same trips; no date depends on the
clock.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from itertools import pairwise

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
"""The pass's `now`. At noon UTC the local date is today at every destination below (UTC-7 to
UTC+9), so "leaves today" and "ended yesterday" hold wherever the leg is."""
TODAY = NOW.date()
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)

CHECKIN_HOURS = 24
"""The restricted tier's check-in interval in the shipped pack; the standard tier has none."""
GRACE = 2 * HOUR
"""The assessment's checkin_grace_hours: a check-in is missed this long after it falls due."""
OVERSIGHT_AFTER_DAYS = 5
"""The assessment's debrief_oversight_after_days."""

# (country, city): restricted destinations are in the pack's @US_AND_ALLIES group.
RESTRICTED = (
    ("US", "New York"),
    ("US", "Los Angeles"),
    ("US", "Boston"),
    ("JP", "Tokyo"),
    ("KR", "Seoul"),
    ("DE", "Berlin"),
    ("GB", "London"),
    ("FR", "Paris"),
    ("CA", "Toronto"),
)
STANDARD = (
    ("SG", "Singapore"),
    ("TH", "Bangkok"),
    ("AE", "Dubai"),
    ("MY", "Kuala Lumpur"),
    ("IN", "Bengaluru"),
    ("VN", "Hanoi"),
)
RESTRICTED_SHARE = 0.7
"""Of the kinds where the tier does not matter, the share in the restricted tier."""


@dataclass(frozen=True)
class Kind:
    name: str
    per_mille: int
    status: str
    job: str | None
    """The job with work for such a trip at NOW; None when nothing about it is due."""
    units: int
    """What that job counts for one such trip: reminders sent, escalations opened, …"""
    what: str


# fmt: off
KINDS = (
    Kind("departs_today", 15, "approved", "start_trips", 1, "approved, first leg starts today"),
    Kind("ended_yesterday", 15, "in_progress", "end_trips", 1,
         "in progress, last leg ended yesterday"),
    Kind("checkin_missed", 15, "in_progress", "checkins", 1,
         "check-in overdue past the grace: officers alerted"),
    Kind("checkin_unreachable", 10, "in_progress", "checkins", 2,
         "a second interval silent too: missed + unreachable"),
    Kind("remind_departure", 10, "approved", "reminders", 1, "leaves tomorrow"),
    Kind("remind_briefing", 5, "approved", "reminders", 1,
         "leaves in 2-7 days, briefing not acknowledged"),
    Kind("remind_checkin", 10, "in_progress", "reminders", 1, "check-in due within the hour"),
    Kind("remind_debrief", 10, "returned", "reminders", 1, "debrief due within 2 days"),
    Kind("debrief_overdue", 5, "returned", "debriefs", 1, "debrief 1-5 days overdue: officers"),
    Kind("debrief_long_overdue", 3, "returned", "debriefs", 2,
         "debrief 6-20 days overdue: officers, then oversight"),
    Kind("late_report_overdue", 2, "in_progress", "late_reports", 1,
         "late-report follow-up past its deadline"),
    Kind("abroad", 400, "in_progress", None, 0, "in progress, next check-in in 1-24 h"),
    Kind("abroad_in_grace", 10, "in_progress", None, 0,
         "check-in fell due under 2 h ago (within the grace)"),
    Kind("abroad_no_checkins", 90, "in_progress", None, 0, "in progress, standard tier"),
    Kind("leaves_later", 200, "approved", None, 0, "approved, leaves in 8-60 days"),
    Kind("debrief_later", 200, "returned", None, 0, "returned, debrief due in 3-9 days"),
)
# fmt: on
assert sum(kind.per_mille for kind in KINDS) == 1000
assert sum(kind.per_mille for kind in KINDS if kind.job) == 100


@dataclass(frozen=True)
class Shape:
    """One trip as the worker sees it; `world.py` turns it into rows."""

    kind: Kind
    restricted: bool
    starts_on: datetime.date
    ends_on: datetime.date
    legs: tuple[tuple[str, str, datetime.date, datetime.date], ...]
    """(country, city, start, end) in order, covering starts_on..ends_on."""
    debrief_due: datetime.date
    checkin_due_at: datetime.datetime | None
    briefing_acknowledged: bool
    late_follow_up: bool
    """An open late-report follow-up whose deadline passed yesterday."""


def counts(total: int) -> dict[str, int]:
    """Trips per kind: each kind's share of `total`, the rounding left to the largest kind."""
    share = {kind.name: total * kind.per_mille // 1000 for kind in KINDS}
    largest = max(KINDS, key=lambda kind: kind.per_mille).name
    share[largest] += total - sum(share.values())
    return share


def plan(total: int, *, seed: int) -> list[Shape]:
    """`total` trips in a shuffled order, so the due ones are spread over the ids."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    by_name = {kind.name: kind for kind in KINDS}
    kinds = [by_name[name] for name, count in counts(total).items() for _ in range(count)]
    rng.shuffle(kinds)
    return [_shape(kind, rng) for kind in kinds]


def _shape(kind: Kind, rng: random.Random) -> Shape:
    restricted = _restricted(kind, rng)
    lag = (7 if restricted else 10) * DAY  # the pack's debrief deadline, near enough
    length = rng.randint(2, 14) * DAY - DAY
    if kind.status == "approved":
        starts = TODAY + _departure_in(kind, rng) * DAY
        ends = starts + length
        return _made(kind, rng, restricted, starts, ends, ends + lag, None)
    if kind.status == "returned":
        due = TODAY + _debrief_in(kind, rng) * DAY
        ends = min(due - lag, TODAY - DAY)
        return _made(kind, rng, restricted, ends - length, ends, due, None)
    if kind.name == "ended_yesterday":
        ends = TODAY - DAY
        starts = ends - length
    else:
        starts, ends = TODAY - rng.randint(1, 10) * DAY, TODAY + rng.randint(1, 20) * DAY
    checkin = _checkin_due(kind, rng) if restricted else None
    return _made(kind, rng, restricted, starts, ends, ends + lag, checkin)


ALWAYS_RESTRICTED = frozenset(
    {
        "checkin_missed",
        "checkin_unreachable",
        "remind_checkin",
        "remind_briefing",
        "abroad_in_grace",
        "late_report_overdue",
    }
)


def _restricted(kind: Kind, rng: random.Random) -> bool:
    """Check-ins and briefings exist only in the restricted tier; elsewhere the tier is mixed."""
    if kind.name in ALWAYS_RESTRICTED:
        return True
    if kind.name == "abroad_no_checkins":
        return False
    return rng.random() < RESTRICTED_SHARE


def _departure_in(kind: Kind, rng: random.Random) -> int:
    match kind.name:
        case "departs_today":
            return 0
        case "remind_departure":
            return 1
        case "remind_briefing":
            return rng.randint(2, 7)
        case _:
            return rng.randint(8, 60)


def _debrief_in(kind: Kind, rng: random.Random) -> int:
    match kind.name:
        case "remind_debrief":
            return rng.randint(0, 2)
        case "debrief_overdue":
            return -rng.randint(1, OVERSIGHT_AFTER_DAYS)
        case "debrief_long_overdue":
            return -rng.randint(OVERSIGHT_AFTER_DAYS + 1, 20)
        case _:
            return rng.randint(3, 9)


def _checkin_due(kind: Kind, rng: random.Random) -> datetime.datetime:
    """When the next check-in falls due, relative to NOW, for a trip under way."""
    interval = CHECKIN_HOURS * HOUR
    minutes = {
        "checkin_missed": (-(interval + GRACE) + MINUTE, -GRACE - MINUTE),
        "checkin_unreachable": (-2 * interval, -(interval + GRACE) - MINUTE),
        "remind_checkin": (MINUTE, HOUR),
        "abroad_in_grace": (-GRACE + MINUTE, -MINUTE),
    }.get(kind.name, (HOUR + MINUTE, interval))
    low, high = (int(bound / MINUTE) for bound in minutes)
    return NOW + rng.randint(low, high) * MINUTE


def _made(
    kind: Kind,
    rng: random.Random,
    restricted: bool,
    starts: datetime.date,
    ends: datetime.date,
    debrief_due: datetime.date,
    checkin_due_at: datetime.datetime | None,
) -> Shape:
    return Shape(
        kind=kind,
        restricted=restricted,
        starts_on=starts,
        ends_on=ends,
        legs=_legs(rng, restricted, starts, ends),
        debrief_due=debrief_due,
        checkin_due_at=checkin_due_at,
        # Travellers leaving within the week have read their briefing, except those reminded.
        briefing_acknowledged=kind.name != "remind_briefing" and starts <= TODAY + 7 * DAY,
        late_follow_up=kind.name == "late_report_overdue",
    )


def _legs(
    rng: random.Random, restricted: bool, starts: datetime.date, ends: datetime.date
) -> tuple[tuple[str, str, datetime.date, datetime.date], ...]:
    """1-3 consecutive legs; a restricted trip goes to restricted places only, and so on."""
    places = RESTRICTED if restricted else STANDARD
    span = (ends - starts).days + 1
    count = min(span, rng.choice((1, 1, 1, 2, 2, 3)))
    cuts = sorted(rng.sample(range(1, span), count - 1)) if count > 1 else []
    bounds = [0, *cuts, span]
    legs = []
    for first, after in pairwise(bounds):
        country, city = rng.choice(places)
        legs.append((country, city, starts + first * DAY, starts + (after - 1) * DAY))
    return tuple(legs)


def describe(total: int) -> dict[str, dict[str, object]]:
    """The kinds of trip, how many of each, and which job has work for them."""
    share = counts(total)
    return {
        kind.name: {"trips": share[kind.name], "job": kind.job, "what": kind.what} for kind in KINDS
    }


def expected(shapes: list[Shape]) -> dict[str, int]:
    """Units each job should count in the cold pass (delivery aside: it sends what they write)."""
    units: dict[str, int] = {}
    for shape in shapes:
        if shape.kind.job is not None:
            units[shape.kind.job] = units.get(shape.kind.job, 0) + shape.kind.units
    return units
