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
    debrief_disposition: str = "anonymise"


@dataclass(frozen=True)
class Period:
    """A number of days or years (or a choice), and whether the pack set it (else it is the
    setting)."""

    value: int
    from_pack: bool = False


@dataclass(frozen=True)
class Choice:
    value: str
    from_pack: bool = False


@dataclass(frozen=True)
class Applied:
    """The periods that apply to one organisation (None: the deployment's settings), as the
    retention report shows them."""

    organisation: Organisation | None
    pack: str
    checkin_location_days: Period
    notification_days: Period
    debrief_years: Period
    debrief_disposition: Choice

    @property
    def periods(self) -> Periods:
        return Periods(
            checkin_locations=self.checkin_location_days.value * DAY,
            notifications=self.notification_days.value * DAY,
            debriefs=_years(self.debrief_years.value),
            debrief_disposition=self.debrief_disposition.value,
        )


def settings_applied() -> Applied:
    """The deployment's settings: what applies where a pack sets nothing."""
    return Applied(
        organisation=None,
        pack="",
        checkin_location_days=Period(settings.SOJOURN_RETENTION_CHECKIN_DAYS),
        notification_days=Period(settings.SOJOURN_RETENTION_NOTIFICATION_DAYS),
        debrief_years=Period(settings.SOJOURN_RETENTION_DEBRIEF_YEARS),
        debrief_disposition=Choice(settings.SOJOURN_RETENTION_DEBRIEF_DISPOSITION),
    )


def applied(organisation: Organisation, now: datetime.datetime) -> Applied:
    """The organisation's periods under the pack in force for it now."""
    base = settings_applied()
    pack = in_force.store().pack_in_force(organisation, now)
    rules = pack.retention
    return Applied(
        organisation=organisation,
        pack=pack.ref,
        checkin_location_days=_either(rules.checkin_location_days, base.checkin_location_days),
        notification_days=_either(rules.notification_days, base.notification_days),
        debrief_years=_either(rules.debrief_years, base.debrief_years),
        debrief_disposition=(
            base.debrief_disposition
            if rules.debrief_disposition is None
            else Choice(rules.debrief_disposition, from_pack=True)
        ),
    )


def periods_of(organisation: Organisation, now: datetime.datetime) -> Periods:
    """The organisation's periods under the pack in force for it now."""
    return applied(organisation, now).periods


def _either(from_pack: int | None, setting: Period) -> Period:
    return setting if from_pack is None else Period(from_pack, from_pack=True)


def _years(years: int) -> datetime.timedelta:
    # A year of 365¼ days: the purge is never a day early for a leap year.
    return datetime.timedelta(days=round(years * 365.25))
