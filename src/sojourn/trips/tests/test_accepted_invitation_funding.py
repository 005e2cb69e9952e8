"""Who pays for what follows an invitation into the trip that accepts it: the funding findings of
its pre-assessment are the trip's, at submission and when a run re-assesses it."""

from __future__ import annotations

import datetime

from sojourn.directives import reassess
from sojourn.people.models import Organisation
from sojourn.policy import Funding
from sojourn.testing import builders
from sojourn.trips import invitations, services
from sojourn.trips.models import PaidBy, Trip

DAY = datetime.timedelta(days=1)


def codes(findings: list[dict[str, object]]) -> list[object]:
    return [finding["code"] for finding in findings]


def test_the_invitation_s_sponsorship_is_a_finding_of_the_trip(db, now) -> None:
    university = Organisation.objects.create(
        name="State University",
        slug="state-u",
        sectors=["academia"],
        home_country="US",
        time_zone="America/Chicago",
        policy_pack="research-security",
    )
    researcher = builders.traveller("researcher", organisation=university)
    invitation = invitations.record(
        actor=researcher,
        now=now,
        data=invitations.InvitationInput(
            event="Symposium on embodied AI",
            host_organisation="Max Planck Society",
            country="DE",
            starts_on=now.date() + 50 * DAY,
            ends_on=now.date() + 52 * DAY,
            paid_by=PaidBy.HOST,
            funding=(Funding("honorarium", "third_party", "Humboldt Foundation", "DE", "EUR 900"),),
            received_on=now.date(),
        ),
    )
    assert invitation.pre_assessment is not None
    assert "foreign_sponsorship" in codes(invitation.pre_assessment["findings"])

    trip = invitations.accept(invitation, actor=researcher, now=now)
    trip = services.submit(trip, actor=researcher, now=now)

    assert trip.assessment is not None
    assert "foreign_sponsorship" in codes(trip.assessment["findings"])
    [read], _ = reassess._read(Trip.objects.filter(pk=trip.pk), after=0, size=10, now=now)
    assert read.facts.funding == (
        Funding("honorarium", "third_party", "Humboldt Foundation", "DE", "EUR 900"),
    )
