"""Creating and editing draft trips. Editing never changes status; only a draft can be edited."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.people.access import person_of
from sojourn.people.today import today_of
from sojourn.policy import is_country
from sojourn.trips import permissions
from sojourn.trips.assessing import assess
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import (
    Invitation,
    InvitationDecision,
    Leg,
    PlannedMeeting,
    Purpose,
    Trip,
)
from sojourn.trips.services import lock, refresh_dates


class Keep(enum.Enum):
    KEEP = "keep"


# `update_draft(..., invitation=KEEP)` (the default) leaves the draft's invitation as it is;
# None unlinks it.
KEEP: Final = Keep.KEEP
InvitationChange = Invitation | None | Literal[Keep.KEEP]


@dataclass(frozen=True)
class LegInput:
    country: str
    starts_on: datetime.date
    ends_on: datetime.date
    city: str = ""
    transit: bool = False


@dataclass(frozen=True)
class MeetingInput:
    counterpart: str
    organisation: str = ""
    country: str = ""
    topics: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class TripInput:
    title: str
    purpose: str = Purpose.BUSINESS
    necessity: str = ""
    alternatives: str = ""
    legs: Sequence[LegInput] = ()
    meetings: Sequence[MeetingInput] = field(default_factory=tuple)


def validate(data: TripInput) -> dict[str, str]:
    """What is wrong with a trip as reported, by field (`legs[0].ends_on`); every face of the
    trip body uses these rules (trips/body.py)."""
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give the trip a title.")
    if data.purpose not in Purpose.values:
        errors["purpose"] = _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(Purpose.values)
        }
    for index, leg in enumerate(data.legs):
        code = leg.country.strip().upper()
        if not is_country(code):
            errors[f"legs[{index}].country"] = _not_a_country(leg.country)
        if leg.ends_on < leg.starts_on:
            errors[f"legs[{index}].ends_on"] = _("The leg cannot end before it starts.")
    for index, meeting in enumerate(data.meetings):
        if not meeting.counterpart.strip():
            errors[f"meetings[{index}].counterpart"] = _("Say whom you will meet.")
        # Optional, but when given it is assessed like a leg's, so it must be a country.
        if meeting.country.strip() and not is_country(meeting.country.strip().upper()):
            errors[f"meetings[{index}].country"] = _not_a_country(meeting.country)
    return errors


def _not_a_country(typed: str) -> str:
    return _(
        "%(code)s is not a country code: use a two-letter ISO 3166 code, such as FR or JP."
    ) % {"code": typed.strip() or "—"}


def _invitation_errors(
    invitation: Invitation | None, traveller_id: int, *, linked_id: int | None = None
) -> dict[str, str]:
    """A trip answers only its traveller's own invitation, and not one already declined (unless
    the draft was linked to it before it was declined)."""
    if invitation is None:
        return {}
    if invitation.invitee_id != traveller_id:
        return {"invitation": _("Choose one of your own invitations.")}
    if invitation.decision == InvitationDecision.DECLINED and invitation.pk != linked_id:
        return {"invitation": _("You declined this invitation: a trip cannot answer it.")}
    return {}


def _write_children(trip: Trip, data: TripInput) -> None:
    trip.legs.all().delete()
    trip.meetings.all().delete()
    Leg.objects.bulk_create(
        Leg(
            trip=trip,
            position=index,
            country=leg.country.strip().upper(),
            city=leg.city.strip(),
            starts_on=leg.starts_on,
            ends_on=leg.ends_on,
            transit=leg.transit,
        )
        for index, leg in enumerate(data.legs)
    )
    PlannedMeeting.objects.bulk_create(
        PlannedMeeting(
            trip=trip,
            counterpart=meeting.counterpart.strip(),
            organisation=meeting.organisation.strip(),
            country=meeting.country.strip().upper(),
            topics=meeting.topics.strip(),
            date=meeting.date,
        )
        for meeting in data.meetings
    )


def _refresh(trip: Trip, now: datetime.datetime) -> None:
    """Dates follow the legs; the report-by date too, so a draft is reminded before it is late."""
    refresh_dates(trip)
    if trip.starts_on is None:
        trip.report_by = None
        return
    trip.report_by = assess(trip, today=today_of(trip.organisation, now)).report_by


@transaction.atomic
def create_draft(
    *,
    actor: User,
    data: TripInput,
    now: datetime.datetime,
    invitation: Invitation | None = None,
) -> Trip:
    person = person_of(actor)
    if person is None:
        raise NotAllowed(_("Only people with a Sojourn profile can report trips."))
    errors = validate(data) | _invitation_errors(invitation, actor.pk)
    if errors:
        raise InvalidInput(errors)
    trip = Trip.objects.create(
        traveller=actor,
        organisation=person.organisation,
        title=data.title.strip(),
        purpose=data.purpose,
        necessity=data.necessity.strip(),
        alternatives=data.alternatives.strip(),
        invitation=invitation,
        created_at=now,
        updated_at=now,
    )
    _write_children(trip, data)
    _refresh(trip, now)
    trip.save(update_fields=["starts_on", "ends_on", "report_by"])
    # The title stays on the trip (it may name a place or a person): the event carries codes.
    audit.record(
        actor=actor,
        action="trip.created",
        obj=trip,
        at=now,
        data={"purpose": str(trip.purpose), "invitation_id": trip.invitation_id},
    )
    return trip


@transaction.atomic
def update_draft(
    trip: Trip,
    *,
    actor: User,
    data: TripInput,
    now: datetime.datetime,
    version: int | None = None,
    invitation: InvitationChange = KEEP,
) -> Trip:
    """Replace the draft's fields, legs and meetings with `data`. `invitation` links the draft to
    one of the traveller's invitations, None unlinks it, KEEP (the default) leaves it as is."""
    trip = lock(trip, "edit", version)
    if not permissions.is_traveller(actor, trip):
        raise NotAllowed(_("Only the traveller can edit their trip."))
    errors = validate(data)
    if invitation is not KEEP:
        errors |= _invitation_errors(invitation, trip.traveller_id, linked_id=trip.invitation_id)
    if errors:
        raise InvalidInput(errors)
    audit_data: dict[str, object] = {}
    if invitation is not KEEP and (invitation.pk if invitation else None) != trip.invitation_id:
        trip.invitation = invitation
        audit_data["invitation"] = invitation.pk if invitation else None
    trip.title = data.title.strip()
    trip.purpose = data.purpose
    trip.necessity = data.necessity.strip()
    trip.alternatives = data.alternatives.strip()
    _write_children(trip, data)
    _refresh(trip, now)
    trip.version += 1
    trip.updated_at = now
    trip.save()
    audit.record(
        actor=actor,
        action="trip.edited",
        obj=trip,
        at=now,
        data={"version": trip.version, **audit_data},
    )
    return trip
