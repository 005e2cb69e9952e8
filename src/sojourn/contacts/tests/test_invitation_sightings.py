"""An invitation's host and who invited are sightings when it is recorded; deciding it adds
nothing; the same host in one register is one contact."""

from __future__ import annotations

import datetime

from sojourn.conftest import Cast
from sojourn.contacts.models import Contact, Sighting
from sojourn.policy import Funding
from sojourn.trips import invitations
from sojourn.trips.models import Invitation, PaidBy


def invite(
    cast: Cast, now: datetime.datetime, *, inviter: str = "", acting_for: str = ""
) -> Invitation:
    return invitations.record(
        actor=cast.traveller,
        now=now,
        data=invitations.InvitationInput(
            event="AI summit",
            host_organisation="Paris AI Forum",
            inviter_name=inviter,
            inviter_organisation=acting_for,
            country="FR",
            starts_on=now.date() + datetime.timedelta(days=60),
            ends_on=now.date() + datetime.timedelta(days=61),
            paid_by=PaidBy.HOST,
            funding=(Funding("travel", "host", "", "FR"),),
            received_on=now.date() - datetime.timedelta(days=2),
        ),
    )


def test_the_host_and_the_inviter_are_sighted_once_from_recording_to_decision(cast, now) -> None:
    invitation = invite(cast, now, inviter="Dr. Claire Martin", acting_for="Fondation Lumière")
    invitations.decline(invitation, actor=cast.traveller, reason="Not needed.", now=now)

    host, inviter = Sighting.objects.order_by("pk")
    for sighting in (host, inviter):
        assert (sighting.invitation_id, sighting.reporter_id, sighting.organisation_id) == (
            invitation.pk,
            cast.traveller.pk,
            cast.lab.pk,
        )
        assert sighting.occurred_on == invitation.received_on
    assert (host.source, host.contact.kind, host.contact.name, host.contact.country) == (
        "invitation_host",
        "organisation",
        "Paris AI Forum",
        "FR",  # the country the funding rows give the host as a payer
    )
    assert (inviter.source, inviter.contact.kind, inviter.contact.name) == (
        "invitation_inviter",
        "person",
        "Dr. Claire Martin",
    )
    assert inviter.contact.affiliation is not None
    assert inviter.contact.affiliation.name == "Fondation Lumière"


def test_a_host_already_in_the_register_is_that_contact(cast, now) -> None:
    first = invite(cast, now)
    second = invite(cast, now, acting_for="PARIS AI FORUM")  # an organisation invites alone

    sightings = Sighting.objects.filter(invitation__in=[first, second])
    assert sorted(sightings.values_list("source", flat=True)) == [
        "invitation_host",
        "invitation_host",
        "invitation_inviter",
    ]
    assert Contact.objects.count() == 1
