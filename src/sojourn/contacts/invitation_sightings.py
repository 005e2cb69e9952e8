"""Sightings read from invitations: the host that holds the event, and who invited (the person,
the organisation they act for as their affiliation; or that organisation alone).

Registered in ContactsConfig.ready as a listener of `trips.hooks.invitation_moved`. They are
read when the invitation is recorded, dated by the day it was received and reported by the
invitee; a decision reads them again, which adds nothing (each sighting's `reference` names the
invitation and the part), so an invitation recorded before the register kept them is read when
it is decided. An organisation already in the register (by a name alike enough) is that contact.
"""

from __future__ import annotations

import datetime

from sojourn.contacts import hooks
from sojourn.contacts.models import ContactKind, Sighting, SightingSource
from sojourn.contacts.sightings import SightingInput, find_organisation, record_sighting
from sojourn.trips.hooks import InvitationMoved
from sojourn.trips.models import Invitation


def on_invitation_moved(event: InvitationMoved) -> None:
    record_invitation_parties(event.invitation, now=event.now)


def reference(invitation: Invitation, part: str) -> str:
    return f"trips.invitation:{invitation.pk}:{part}"


def record_invitation_parties(invitation: Invitation, *, now: datetime.datetime) -> int:
    """The host's and the inviter's sightings not recorded yet; how many were."""
    parts = {"host": _host, "inviter": _inviter}
    known = set(
        Sighting.objects.filter(
            reference__in=[reference(invitation, part) for part in parts]
        ).values_list("reference", flat=True)
    )
    recorded = 0
    with hooks.together(now=now):  # the host and the inviter screened as one set
        for part, read in parts.items():
            data = None if reference(invitation, part) in known else read(invitation)
            if data is not None:
                record_sighting(
                    data, reporter=invitation.invitee, organisation=invitation.organisation, now=now
                )
                recorded += 1
    return recorded


def _host(invitation: Invitation) -> SightingInput | None:
    name = invitation.host_organisation.strip()
    if not name:
        return None
    return _organisation(invitation, SightingSource.INVITATION_HOST, name, "host")


def _inviter(invitation: Invitation) -> SightingInput | None:
    person = invitation.inviter_name.strip()
    acting_for = invitation.inviter_organisation.strip()
    if not person:
        return (
            _organisation(invitation, SightingSource.INVITATION_INVITER, acting_for, "inviter")
            if acting_for
            else None
        )
    return SightingInput(
        source=SightingSource.INVITATION_INVITER,
        occurred_on=invitation.received_on,
        name=person,
        affiliation=acting_for,
        details=invitation.event,
        invitation=invitation,
        reference=reference(invitation, "inviter"),
    )


def _organisation(
    invitation: Invitation, source: SightingSource, name: str, part: str
) -> SightingInput:
    return SightingInput(
        source=source,
        occurred_on=invitation.received_on,
        name=name,
        kind=ContactKind.ORGANISATION,
        country=_payer_country(invitation, name),
        details=invitation.event,
        invitation=invitation,
        contact=find_organisation(name, organisation=invitation.organisation),
        reference=reference(invitation, part),
    )


def _payer_country(invitation: Invitation, name: str) -> str:
    """The country the funding rows give the organisation as a payer, if they give one."""
    for row in invitation.funding or []:
        payer = row.get("payer_name") or ""
        if payer.strip().casefold() == name.casefold() and row.get("payer_country"):
            return str(row["payer_country"])
    return ""
