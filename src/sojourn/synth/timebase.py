"""Time as plain numbers while a world is generated, and the text the database reads.

A day is its proleptic ordinal (`date.toordinal()`), a moment is whole minutes since the first
day of that calendar, both in UTC. Arithmetic on ints is what makes a million trips cheap; the
text forms (`2026-03-10`, `2026-03-10 12:00:00`) are what both SQLite (as Django stores dates
and times there) and PostgreSQL (with the session in UTC) read as the same values.
"""

from __future__ import annotations

import datetime

MINUTES_PER_DAY = 1440
HOUR = 60

_DAYS: dict[int, str] = {}
_TIMES = [f" {hour:02d}:{minute:02d}:00" for hour in range(24) for minute in range(60)]


def day_text(ordinal: int) -> str:
    text = _DAYS.get(ordinal)
    if text is None:
        text = _DAYS[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
    return text


def moment_text(minutes: int) -> str:
    day = minutes // MINUTES_PER_DAY
    return (_DAYS.get(day) or day_text(day)) + _TIMES[minutes - day * MINUTES_PER_DAY]


def end_of_day_text(ordinal: int) -> str:
    """The last instant of a day, as `datetime.time.max` gives it (a follow-up deadline)."""
    return f"{day_text(ordinal)} 23:59:59.999999"


def minutes_of(moment: datetime.datetime) -> int:
    """An aware datetime as whole minutes (seconds dropped)."""
    utc = moment.astimezone(datetime.UTC)
    return utc.toordinal() * MINUTES_PER_DAY + utc.hour * 60 + utc.minute


def date_of(ordinal: int) -> datetime.date:
    return datetime.date.fromordinal(ordinal)


def day_of(minutes: int) -> int:
    return minutes // MINUTES_PER_DAY
