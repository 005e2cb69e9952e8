"""Check-ins: the traveller says they are safe, or that they need help."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.care import escalations
from sojourn.care.errors import EscalationClosed
from sojourn.care.models import CheckIn, CheckInStatus, Deviation, Escalation, EscalationKind
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.people.today import today_of
from sojourn.policy import is_country
from sojourn.policy.compare import stricter
from sojourn.trips import edges, permissions
from sojourn.trips import services as lifecycle
from sojourn.trips.assessing import assess
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import Leg, Trip


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
    trip = lifecycle.lock(trip)
    if not permissions.is_traveller(actor, trip):
        raise NotAllowed(_("Only the traveller checks in on their trip."))
    edges.require("check_in", trip)
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
        data={"trip_id": trip.pk, "status": str(status), "country": code},
    )
    # The clock restarts with every check-in; a silence that had escalated is over.
    if trip.checkin_hours:
        trip.checkin_due_at = now + datetime.timedelta(hours=trip.checkin_hours)
        trip.save(update_fields=["checkin_due_at"])
    escalations.resolve(trip, escalations.ABROAD, now=now, actor=actor, resolution="checked in")
    if status == CheckInStatus.NEED_HELP:
        _need_help(trip, checkin, now=now)
    else:
        escalations.resolve(
            trip, [EscalationKind.NEED_HELP], now=now, actor=actor, resolution="checked in safe"
        )
    if code and code not in {leg.country for leg in trip.legs.all()}:
        _off_itinerary(trip, checkin, now=now)
    return checkin


def _need_help(trip: Trip, checkin: CheckIn, *, now: datetime.datetime) -> None:
    escalations.open_once(
        trip,
        EscalationKind.NEED_HELP,
        f"checkin:{checkin.pk}",
        now=now,
        urgent=True,
        recipients=[*directory.officers_of(trip.organisation_id), *directory.oversight()],
        # Ids only: where exactly, and the note, stay on the check-in (read with an audit event).
        data={"checkin_id": checkin.pk, "country": checkin.country},
        params={
            "traveller": display_name(trip.traveller),
            # Worded when read, the country by its name in the reader's language.
            "city": checkin.city,
            "country": checkin.country,
            "time": now.isoformat(timespec="minutes"),
            "note": checkin.note or "—",
        },
    )


def _off_itinerary(trip: Trip, checkin: CheckIn, *, now: datetime.datetime) -> None:
    """A check-in from a country the itinerary does not list: a deviation to look into."""
    escalations.open_once(
        trip,
        EscalationKind.OFF_ITINERARY,
        f"checkin:{checkin.pk}",
        now=now,
        recipients=directory.officers_of(trip.organisation_id),
        data={"checkin_id": checkin.pk, "country": checkin.country},
        params={
            "title": trip.title,
            "traveller": display_name(trip.traveller),
            "city": checkin.city,
            "country": checkin.country,
        },
    )


@dataclass(frozen=True)
class DeviationInput:
    country: str
    starts_on: datetime.date
    ends_on: datetime.date
    reason: str
    city: str = ""
    transit: bool = False


@transaction.atomic
def report_deviation(
    trip: Trip, *, actor: User, data: DeviationInput, now: datetime.datetime
) -> Deviation:
    """The itinerary changed while travelling: the new leg joins the trip and the trip is
    re-assessed; a stricter outcome reopens its approval and alerts the officer."""
    trip = lifecycle.lock(trip)
    if not permissions.is_traveller(actor, trip):
        raise NotAllowed(_("Only the traveller reports a deviation from their trip."))
    edges.require("report_deviation", trip)
    code = data.country.strip().upper()
    errors: dict[str, str] = {}
    if not is_country(code):
        errors["country"] = _("Use a two-letter ISO 3166 country code, such as FR.")
    if data.ends_on < data.starts_on:
        errors["ends_on"] = _("The change cannot end before it starts.")
    if not data.reason.strip():
        errors["reason"] = _("Say why the plan changed.")
    if errors:
        raise InvalidInput(errors)
    deviation = Deviation.objects.create(
        trip=trip,
        reported_by=actor,
        reported_at=now,
        country=code,
        city=data.city.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        transit=data.transit,
        reason=data.reason.strip(),
    )
    Leg.objects.create(
        trip=trip,
        position=trip.legs.count(),
        country=code,
        city=deviation.city,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        transit=data.transit,
    )
    today = today_of(trip.organisation, now)
    submitted = trip.submitted_at
    reported_on = today_of(trip.organisation, submitted) if submitted else today
    new = assess(trip, today=today, reported_on=reported_on)
    deviation.assessment = new.to_dict()
    deviation.save(update_fields=["assessment"])
    made_stricter = stricter(new, trip.assessment)
    audit.record(
        actor=actor,
        action="deviation.reported",
        obj=deviation,
        at=now,
        data={
            "trip_id": trip.pk,
            "country": code,
            "stricter": made_stricter,
            "tier": new.tier,
            "route": str(new.route),
        },
    )
    lifecycle.itinerary_changed(trip, actor=actor, now=now, deviation_id=deviation.pk)
    if made_stricter:
        lifecycle.reopen(
            trip,
            assessment=new,
            now=now,
            actor=actor,
            reason=deviation_reason(deviation),
            cause={"deviation_id": deviation.pk},
        )
        escalations.open_once(
            trip,
            EscalationKind.DEVIATION,
            f"deviation:{deviation.pk}",
            now=now,
            recipients=directory.officers_of(trip.organisation_id),
            data={"deviation": deviation.pk, "tier": new.tier, "route": str(new.route)},
            params={
                "title": trip.title,
                "traveller": display_name(trip.traveller),
                "country": code,
            },
        )
    return deviation


def deviation_reason(deviation: Deviation) -> Promise:
    """Why the deviation reopened its trip, worded in whichever language it is read in (the
    notifications, the trip's story). It names the country only; the audit event names the
    deviation by id."""

    def words() -> str:
        return _("Deviation reported by the traveller: %(place)s, %(start)s to %(end)s.") % {
            "place": deviation.country,
            "start": deviation.starts_on,
            "end": deviation.ends_on,
        }

    return cast(Promise, lazy(words, str)())


@transaction.atomic
def close_escalation(
    escalation: Escalation, *, actor: User, note: str, now: datetime.datetime
) -> Escalation:
    """An officer (or oversight) closes an escalation after dealing with it, saying how."""
    escalation = Escalation.objects.select_for_update().select_related("trip").get(pk=escalation.pk)
    if not permissions.may_cancel(actor, escalation.trip):
        raise NotAllowed(
            _("Only a security officer of this organisation or oversight closes escalations.")
        )
    if escalation.resolved_at is not None:
        raise EscalationClosed
    if not note.strip():
        raise InvalidInput({"note": _("Say how it was resolved.")})
    escalations.resolve(
        escalation.trip,
        [EscalationKind(escalation.kind)],
        now=now,
        actor=actor,
        resolution=note.strip(),
        typed=True,
    )
    escalation.refresh_from_db()
    return escalation
