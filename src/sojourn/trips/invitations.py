"""Invitations: recorded and decided before anyone accepts them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.people.access import person_of
from sojourn.people.today import today_of
from sojourn.policy import Funding, is_country
from sojourn.trips import hooks
from sojourn.trips.assessing import assess_invitation
from sojourn.trips.drafts import LegInput, TripInput, create_draft
from sojourn.trips.errors import InvalidInput, InvitationDecided, NotAllowed
from sojourn.trips.funding import funding_errors, stored
from sojourn.trips.models import Invitation, InvitationDecision, PaidBy, Purpose, Trip


@dataclass(frozen=True)
class InvitationInput:
    event: str
    host_organisation: str
    country: str
    starts_on: datetime.date
    ends_on: datetime.date
    paid_by: str
    received_on: datetime.date
    city: str = ""
    notes: str = ""
    inviter_name: str = ""
    inviter_organisation: str = ""
    funding: tuple[Funding, ...] = ()
    """Who pays for what: at most one row per item (travel, lodging, honorarium, gift, other)."""


@transaction.atomic
def record(*, actor: User, data: InvitationInput, now: datetime.datetime) -> Invitation:
    person = person_of(actor)
    if person is None:
        raise NotAllowed(_("Only people with a Sojourn profile can record invitations."))
    errors: dict[str, str] = {}
    if not data.event.strip():
        errors["event"] = _("Name the event.")
    if not is_country(data.country.strip().upper()):
        errors["country"] = _("Use a two-letter ISO 3166 country code, such as FR.")
    if data.ends_on < data.starts_on:
        errors["ends_on"] = _("The event cannot end before it starts.")
    if data.paid_by not in PaidBy.values:
        errors["paid_by"] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(PaidBy.values)}
    errors |= funding_errors(data.funding)
    if errors:
        raise InvalidInput(errors)
    invitation = Invitation.objects.create(
        invitee=actor,
        organisation=person.organisation,
        event=data.event.strip(),
        host_organisation=data.host_organisation.strip(),
        inviter_name=data.inviter_name.strip(),
        inviter_organisation=data.inviter_organisation.strip(),
        country=data.country.strip().upper(),
        city=data.city.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        paid_by=data.paid_by,
        funding=stored(data.funding, host_organisation=data.host_organisation.strip()),
        received_on=data.received_on,
        notes=data.notes.strip(),
        created_at=now,
    )
    today = today_of(invitation.organisation, now)
    invitation.pre_assessment = assess_invitation(invitation, today=today).to_dict()
    invitation.save(update_fields=["pre_assessment"])
    audit.record(
        actor=actor,
        action="invitation.recorded",
        obj=invitation,
        at=now,
        # The event's name and the notes stay on the invitation: the trail carries no words.
        data={
            "country": invitation.country,
            "tier": invitation.pre_assessment["tier"],
            "route": invitation.pre_assessment["route"],
            # Who pays for what as codes; the payers' names stay on the invitation.
            "funding": {row["item"]: row["paid_by"] for row in invitation.funding},
        },
    )
    hooks.invitation_moved(invitation, "recorded", now=now, actor=actor)
    return invitation


def _lock_pending(invitation: Invitation, actor: User) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.invitee_id != actor.pk:
        raise NotAllowed(_("Only the person invited can decide an invitation."))
    if locked.decision != InvitationDecision.PENDING:
        raise InvitationDecided(locked.get_decision_display())
    return locked


@transaction.atomic
def decline(
    invitation: Invitation, *, actor: User, reason: str, now: datetime.datetime
) -> Invitation:
    invitation = _lock_pending(invitation, actor)
    if not reason.strip():
        raise InvalidInput({"reason": _("Say why you decline, for the record.")})
    invitation.decision = InvitationDecision.DECLINED
    invitation.decision_reason = reason.strip()
    invitation.decided_at = now
    invitation.save(update_fields=["decision", "decision_reason", "decided_at"])
    audit.record(
        actor=actor,
        action="invitation.declined",
        obj=invitation,
        at=now,
        data={"has_reason": True},
    )
    hooks.invitation_moved(invitation, "declined", now=now, actor=actor)
    return invitation


@transaction.atomic
def accept(
    invitation: Invitation, *, actor: User, now: datetime.datetime, reason: str = ""
) -> Trip:
    """Accepting opens a draft trip prefilled from the invitation; reporting it is the next step."""
    invitation = _lock_pending(invitation, actor)
    invitation.decision = InvitationDecision.ACCEPTED
    invitation.decision_reason = reason.strip()
    invitation.decided_at = now
    invitation.save(update_fields=["decision", "decision_reason", "decided_at"])
    trip = create_draft(
        actor=actor,
        now=now,
        invitation=invitation,
        data=TripInput(
            title=invitation.event,
            purpose=Purpose.CONFERENCE,
            legs=[
                LegInput(
                    country=invitation.country,
                    city=invitation.city,
                    starts_on=invitation.starts_on,
                    ends_on=invitation.ends_on,
                )
            ],
        ),
    )
    audit.record(
        actor=actor,
        action="invitation.accepted",
        obj=invitation,
        at=now,
        data={"trip_id": trip.pk, "has_reason": bool(invitation.decision_reason)},
    )
    hooks.invitation_moved(invitation, "accepted", now=now, actor=actor)
    return trip
