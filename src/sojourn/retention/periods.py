"""How long each organisation keeps each kind of personal data: its policy pack's period where
the pack sets one, else the deployment's setting (SOJOURN_RETENTION_*)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from sojourn.people.models import Organisation
from sojourn.trips import in_force

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Periods:
    checkin_locations: datetime.timedelta
    notifications: datetime.timedelta
    debriefs: datetime.timedelta


def defaults() -> Periods:
    return Periods(
        checkin_locations=settings.SOJOURN_RETENTION_CHECKIN_DAYS * DAY,
        notifications=settings.SOJOURN_RETENTION_NOTIFICATION_DAYS * DAY,
        debriefs=_years(settings.SOJOURN_RETENTION_DEBRIEF_YEARS),
    )


def periods_of(organisation: Organisation, now: datetime.datetime) -> Periods:
    """The organisation's periods under the pack in force for it now."""
    base = defaults()
    rules = in_force.store().pack_in_force(organisation, now).retention
    return Periods(
        checkin_locations=_days(rules.checkin_location_days) or base.checkin_locations,
        notifications=_days(rules.notification_days) or base.notifications,
        debriefs=_years(rules.debrief_years) if rules.debrief_years else base.debriefs,
    )


def _days(days: int | None) -> datetime.timedelta | None:
    return None if days is None else days * DAY


def _years(years: int) -> datetime.timedelta:
    # A year of 365¼ days: the purge is never a day early for a leap year.
    return datetime.timedelta(days=round(years * 365.25))
