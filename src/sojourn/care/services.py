"""Check-ins: the traveller says they are safe, or that they need help."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.care.models import CheckIn, CheckInStatus
from sojourn.notify.services import notify
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.policy import is_country
from sojourn.trips import permissions
from sojourn.trips.errors import IllegalTransition, InvalidInput, NotAllowed
from sojourn.trips.models import Trip, TripStatus

CHECKIN_STATES = {TripStatus.APPROVED, TripStatus.IN_PROGRESS}


@transaction.atomic
def check_in(
    trip: Trip,
    *,
    actor: User,
    status: CheckInStatus | str,
    now: datetime.datetime,
    country: str = "",
    city: str = "",
    note: str = "",
) -> CheckIn:
    trip = Trip.objects.select_for_update().select_related("traveller").get(pk=trip.pk)
    if not permissions.is_traveller(actor, trip):
        raise NotAllowed(_("Only the traveller checks in on their trip."))
    if trip.status not in CHECKIN_STATES:
        raise IllegalTransition(_("check in on"), trip.get_status_display())
    if status not in CheckInStatus.values:
        raise InvalidInput({"status": _("Choose ok or need_help.")})
    code = country.strip().upper()
    if code and not is_country(code):
        raise InvalidInput({"country": _("Use a two-letter ISO 3166 country code, such as FR.")})
    checkin = CheckIn.objects.create(
        trip=trip,
        by=actor,
        at=now,
        status=status,
        country=code,
        city=city.strip(),
        note=note.strip(),
    )
    audit.record(
        actor=actor,
        action="checkin.recorded",
        obj=checkin,
        at=now,
        data={"trip": trip.pk, "status": str(status), "country": code},
    )
    if status == CheckInStatus.NEED_HELP:
        notify(
            [*directory.officers_of(trip.organisation_id), *directory.oversight()],
            kind="checkin.need_help",
            trip=trip,
            now=now,
            urgent=True,
            message=lambda: (
                _("URGENT: %(traveller)s needs help") % {"traveller": display_name(trip.traveller)},
                _("Checked in from %(place)s at %(time)s. Note: %(note)s")
                % {
                    "place": ", ".join(part for part in (checkin.city, checkin.country) if part)
                    or _("an unknown place"),
                    "time": now.isoformat(timespec="minutes"),
                    "note": checkin.note or "—",
                },
            ),
        )
    return checkin
