"""The seam between a stored trip and the policy engine: `assess(trip) -> Assessment`.

It gathers the facts the engine needs — the traveller's position and sectors, the legs and
meetings, the policy pack in force for the organisation, the advisories in force and any hold
on the traveller — and hands them to the pure engine in `sojourn.policy`.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from sojourn.people.models import Organisation, Person
from sojourn.policy import Assessment, Leg, Meeting, Traveller, TripFacts
from sojourn.policy import assess as evaluate
from sojourn.trips import in_force, screens
from sojourn.trips.funding import facts_of as funding_facts
from sojourn.trips.models import Invitation, Trip


def traveller_of(person: Person, organisation: Organisation) -> Traveller:
    sectors = tuple(sorted(set(organisation.sectors) | set(person.sectors)))
    return Traveller(
        positions=(person.position,), sectors=sectors, home_country=organisation.home_country
    )


def facts_of(trip: Trip, *, reported_on: datetime.date) -> TripFacts:
    """The stored trip as the engine judges it; a trip that accepts an invitation carries its
    funding (who pays for what), so the invitation's funding findings are the trip's too."""
    return TripFacts(
        traveller=traveller_of(trip.traveller.person, trip.organisation),
        purpose=trip.purpose,
        reported_on=reported_on,
        necessity=trip.necessity,
        alternatives=trip.alternatives,
        legs=tuple(
            Leg(
                country=leg.country,
                city=leg.city,
                starts_on=leg.starts_on,
                ends_on=leg.ends_on,
                transit=leg.transit,
            )
            for leg in trip.legs.all()
        ),
        meetings=tuple(
            Meeting(counterpart=m.counterpart, organisation=m.organisation, country=m.country)
            for m in trip.meetings.all()
        ),
        funding=funding_facts(trip.invitation.funding) if trip.invitation else (),
    )


def assess(
    trip: Trip, *, today: datetime.date, reported_on: datetime.date | None = None
) -> Assessment:
    """Assess `trip` under the policy and directives in force on `today`.

    `reported_on` is when the trip was reported: today at submission, the original submission
    date when a directive re-assesses it (re-assessing must not make an old report late).
    """
    return assess_facts(
        facts_of(trip, reported_on=reported_on or today),
        organisation=trip.organisation,
        traveller_id=trip.traveller_id,
        today=today,
    )


def assess_facts(
    facts: TripFacts,
    *,
    organisation: Organisation,
    traveller_id: int,
    today: datetime.date,
    names: tuple[screens.Named, ...] | None = None,
) -> Assessment:
    """Assess facts that need not be stored: an invitation, a hypothetical trip. `names` are
    screened against the restricted-party lists (None: the facts' meetings)."""
    at = _end_of(today, organisation)
    store = in_force.store()
    screened = screens.names_of(facts) if names is None else names
    [listed] = screens.listed_parties([(organisation.pk, screened)])
    return evaluate(
        store.pack_in_force(organisation, at),
        facts,
        advisories=store.advisories_in_force(at),
        holds=store.holds_for(traveller_id, at),
        listed=listed,
    )


def _end_of(today: datetime.date, organisation: Organisation) -> datetime.datetime:
    """The last moment of `today`, when the policy version and directives in force that day are
    read. `today` is the organisation's date (`today_of`) or, from some callers, the UTC date:
    the later of the two ends of that day is past the present either way, so nothing already in
    force is missed (a New York evening's date ended in UTC hours ago)."""
    return max(
        datetime.datetime.combine(today, datetime.time.max, tzinfo=datetime.UTC),
        datetime.datetime.combine(
            today, datetime.time.max, tzinfo=ZoneInfo(organisation.time_zone)
        ),
    )


def assess_invitation(invitation: Invitation, *, today: datetime.date) -> Assessment:
    """The invitation as if it were a trip reported today: one leg, the event's dates, and who
    pays for what."""
    facts = TripFacts(
        traveller=traveller_of(invitation.invitee.person, invitation.organisation),
        purpose="conference",
        reported_on=today,
        legs=(
            Leg(
                country=invitation.country,
                city=invitation.city,
                starts_on=invitation.starts_on,
                ends_on=invitation.ends_on,
            ),
        ),
        funding=funding_facts(invitation.funding),
    )
    return assess_facts(
        facts,
        organisation=invitation.organisation,
        traveller_id=invitation.invitee_id,
        today=today,
        names=names_of_invitation(invitation),
    )


def names_of_invitation(invitation: Invitation) -> tuple[screens.Named, ...]:
    """An invitation's names to screen: its host organisation and who invited (the person and
    the organisation they act for)."""
    names = (
        screens.Named("host_organisation", invitation.host_organisation.strip(), "organisation"),
        screens.Named("inviter_name", invitation.inviter_name.strip(), "person"),
        screens.Named(
            "inviter_organisation", invitation.inviter_organisation.strip(), "organisation"
        ),
    )
    return tuple(named for named in names if named.text)


def in_force_at(today: datetime.date, organisation: Organisation) -> datetime.datetime:
    """The moment `assess` reads the policy version and the directives in force on `today` for
    `organisation`: for callers that read them once for many trips (a re-assessment's chunk)."""
    return _end_of(today, organisation)
