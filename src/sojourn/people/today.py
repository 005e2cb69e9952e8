"""One "today": the date at the organisation, which every face and job asks here.

Travellers report, depart and owe their debriefs by their organisation's calendar. The UTC date
is a day off on either side of the world (a New York evening is already tomorrow in UTC, a
Shanghai morning still yesterday), so the live preview, `POST /assess`, submission, an
invitation's pre-assessment, re-assessment and the worker all take the date from here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from sojourn.people.access import AnyUser, person_of
from sojourn.people.models import Organisation


def today_of(organisation: Organisation, now: datetime.datetime) -> datetime.date:
    """The organisation's date at `now`."""
    return now.astimezone(ZoneInfo(organisation.time_zone)).date()


def today_for(user: AnyUser, now: datetime.datetime) -> datetime.date:
    """The date of the user's organisation at `now`; for an account with no organisation (an
    administrator), the deployment's display time zone."""
    person = person_of(user)
    if person is None:
        return timezone.localdate(now)
    return today_of(person.organisation, now)


LocalDates = Mapping[datetime.date, Sequence[str]]


def local_dates(now: datetime.datetime) -> LocalDates:
    """Each date the organisations are on at `now` (two, at most three), with the time zones on
    it: one query."""
    zones = Organisation.objects.order_by().values_list("time_zone", flat=True).distinct()
    by_day: dict[datetime.date, list[str]] = defaultdict(list)
    for zone in zones:
        by_day[now.astimezone(ZoneInfo(zone)).date()].append(zone)
    return by_day


def by_local_date(
    now: datetime.datetime,
    build: Callable[[datetime.date], Q],
    *,
    organisation: str = "organisation",
    dates: LocalDates | None = None,
) -> Q:
    """One filter comparing each row with its own organisation's today: `build(today)` for the
    organisations whose date is `today` at `now`, for each date the world is on. `organisation`
    is the lookup from the filtered model to its organisation (empty when filtering
    organisations); `dates`, the `local_dates(now)` a caller already read."""
    by_day = local_dates(now) if dates is None else dates
    matching = Q(pk__in=[])
    for day, names in sorted(by_day.items()):
        zone = f"{organisation}__time_zone__in" if organisation else "time_zone__in"
        matching |= Q(**{zone: names}) & build(day)
    return matching
