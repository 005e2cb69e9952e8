"""The seam between a stored trip and the policy engine: `assess(trip) -> Assessment`.

It gathers the facts the engine needs — the traveller's position and sectors, the legs and
meetings, the policy pack in force for the organisation, the advisories in force and any hold
on the traveller — and hands them to the pure engine in `sojourn.policy`.
"""

from __future__ import annotations

import datetime

from sojourn.directives import registry
from sojourn.people.models import Person
from sojourn.policy import Assessment, Leg, Meeting, Traveller, TripFacts
from sojourn.policy import assess as evaluate
from sojourn.trips.models import Trip


def facts_of(trip: Trip, *, reported_on: datetime.date) -> TripFacts:
    person: Person = trip.traveller.person
    organisation = trip.organisation
    sectors = tuple(sorted(set(organisation.sectors) | set(person.sectors)))
    return TripFacts(
        traveller=Traveller(
            positions=(person.position,),
            sectors=sectors,
            home_country=organisation.home_country,
        ),
        purpose=trip.purpose,
        reported_on=reported_on,
        necessity=trip.necessity,
        alternatives=trip.alternatives,
        legs=tuple(
            Leg(
                country=leg.country,
                city=leg.city,
                start=leg.start_date,
                end=leg.end_date,
                transit=leg.transit,
            )
            for leg in trip.legs.all()
        ),
        meetings=tuple(
            Meeting(name=m.counterpart, organization=m.organisation, country=m.country)
            for m in trip.meetings.all()
        ),
    )


def assess(
    trip: Trip, *, today: datetime.date, reported_on: datetime.date | None = None
) -> Assessment:
    """Assess `trip` under the policy and directives in force on `today`.

    `reported_on` is when the trip was reported: today at submission, the original submission
    date when a directive re-assesses it (re-assessing must not make an old report late).
    """
    at = datetime.datetime.combine(today, datetime.time.max, tzinfo=datetime.UTC)
    version = registry.current_version(registry.pack_id_for(trip.organisation), at)
    return evaluate(
        registry.pack_of(version),
        facts_of(trip, reported_on=reported_on or today),
        advisories=registry.advisories_in_force(at),
        holds=registry.holds_for(trip.traveller_id, at),
    )
