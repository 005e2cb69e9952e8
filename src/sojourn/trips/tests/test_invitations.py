"""Invitations: recorded with a pre-assessment, then declined or accepted before anyone goes."""

from __future__ import annotations

import datetime

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.trips import invitations
from sojourn.trips.errors import InvalidInput, InvitationDecided, NotAllowed
from sojourn.trips.models import TripStatus

DAY = datetime.timedelta(days=1)


def paris(now: datetime.datetime, **changes: object) -> invitations.InvitationInput:
    fields: dict[str, object] = {
        "event": "AI Action Summit",
        "host_organisation": "Élysée",
        "country": "FR",
        "city": "Paris",
        "starts_on": now.date() + 40 * DAY,
        "ends_on": now.date() + 41 * DAY,
        "paid_by": "host",
        "received_on": now.date(),
        **changes,
    }
    return invitations.InvitationInput(**fields)  # type: ignore[arg-type]


def test_an_invitation_is_pre_assessed_as_if_it_were_a_trip(cast, now):
    invitation = invitations.record(actor=cast.traveller, data=paris(now), now=now)

    assert invitation.pre_assessment is not None
    assert invitation.pre_assessment["policy"] == "lifecycle-test@1"
    assert (invitation.pre_assessment["tier"], invitation.pre_assessment["route"]) == (
        "reviewed",
        "review",
    )
    recorded = AuditEvent.objects.get(action="invitation.recorded")
    assert recorded.data["tier"] == "reviewed"


def test_under_the_directive_paris_is_restricted_and_needs_two_approvals(cast, now):
    founder = builders.traveller("founder", organisation=cast.robo, position=Position.FOUNDER)

    invitation = invitations.record(actor=founder, data=paris(now), now=now)

    assert invitation.pre_assessment is not None
    assert invitation.pre_assessment["tier"] == "restricted"
    assert invitation.pre_assessment["approvals"] == ["org_security", "oversight"]
    assert "necessity_missing" in {f["code"] for f in invitation.pre_assessment["findings"]}


def test_declining_needs_a_reason_and_is_final(cast, now):
    invitation = invitations.record(actor=cast.traveller, data=paris(now), now=now)

    with pytest.raises(InvalidInput):
        invitations.decline(invitation, actor=cast.traveller, reason=" ", now=now)
    invitation = invitations.decline(
        invitation, actor=cast.traveller, reason="Not necessary: a colleague attends.", now=now
    )

    assert invitation.decision == "declined"
    with pytest.raises(InvitationDecided) as refused:
        invitations.accept(invitation, actor=cast.traveller, now=now)
    assert refused.value.message == "This invitation is already decided (Declined)."


def test_accepting_opens_a_prefilled_draft(cast, now):
    invitation = invitations.record(actor=cast.traveller, data=paris(now), now=now)

    trip = invitations.accept(invitation, actor=cast.traveller, now=now)

    assert (trip.status, trip.invitation, trip.title, trip.purpose) == (
        TripStatus.DRAFT,
        invitation,
        "AI Action Summit",
        "conference",
    )
    leg = trip.legs.get()
    assert (leg.country, leg.city, leg.starts_on) == ("FR", "Paris", invitation.starts_on)


def test_only_the_invitee_decides(cast, now):
    invitation = invitations.record(actor=cast.traveller, data=paris(now), now=now)

    for actor in (cast.colleague, cast.officer):
        with pytest.raises(NotAllowed):
            invitations.accept(invitation, actor=actor, now=now)


def test_bad_input_names_each_field(cast, now):
    bad = paris(now, event=" ", country="France", ends_on=now.date(), paid_by="friend")

    with pytest.raises(InvalidInput) as refused:
        invitations.record(actor=cast.traveller, data=bad, now=now)

    assert set(refused.value.errors) == {"event", "country", "ends_on", "paid_by"}
