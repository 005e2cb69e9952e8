"""What a synthetic trip is: its purpose, title, legs, planned meetings and justification.

Destinations are drawn by business-travel weight (never the traveller's home country), a second
or third stay is often in the same region as the one before, one trip in five starts with a
same-day layover at a hub, and a conference trip goes to an event held in that country.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sojourn.synth import texts
from sojourn.synth.assessor import LegPlan
from sojourn.synth.chance import Weighted, between, pick
from sojourn.synth.places import COUNTRIES, HUBS, Country
from sojourn.synth.timebase import date_of

# (purpose, weight) for most organisations, and for universities.
PURPOSES = Weighted.of((("conference", 35), ("business", 42), ("academic", 10), ("personal", 10)))
ACADEMIC_PURPOSES = Weighted.of(
    (("conference", 40), ("business", 5), ("academic", 45), ("personal", 10))
)
STAYS = Weighted((1, 2, 3), (60, 28, 12))
TRANSIT_SHARE = 0.2
SAME_REGION_SHARE = 0.6
FROM_INVITATION_SHARE = 0.4
# Planned meetings by purpose: (share of trips with any, most per trip).
MEETINGS = {"business": (0.8, 3), "academic": (0.7, 2), "conference": (0.4, 2)}

Meeting = tuple[str, str, str, str, int | None]
"""counterpart, organisation, country, topics, day (ordinal) or None."""


@dataclass(frozen=True, slots=True)
class InvitationPlan:
    event: str
    host: str


@dataclass(slots=True)
class Itinerary:
    purpose: str
    title: str
    legs: list[LegPlan]
    meetings: list[Meeting]
    necessity: str
    alternatives: str
    invitation: InvitationPlan | None
    departs: int
    returns: int


class Destinations:
    """Weighted draws of destinations for travellers from one home country."""

    def __init__(self, home: str) -> None:
        self.home = home
        countries = [c for c in COUNTRIES if c.code != home]
        self.countries = Weighted(countries, [c.weight for c in countries])
        self.regions: dict[str, Weighted[Country]] = {}
        for region in {c.region for c in countries}:
            members = [c for c in countries if c.region == region]
            self.regions[region] = Weighted(members, [c.weight for c in members])
        hubs = [(code, city, weight) for code, city, weight in HUBS if code != home]
        self.hubs = Weighted([(code, city) for code, city, _ in hubs], [w for _, _, w in hubs])

    def country(self, rng: random.Random, near: Country | None = None) -> Country:
        if near is not None and rng.random() < SAME_REGION_SHARE:
            nearby = self.regions[near.region](rng)
            if nearby is not near:
                return nearby
        return self.countries(rng)

    def hub(self, rng: random.Random) -> tuple[str, str]:
        return self.hubs(rng)


_CITIES: dict[str, Weighted[str]] = {
    country.code: Weighted(country.cities, country.city_weights) for country in COUNTRIES
}


def city(rng: random.Random, country: Country) -> str:
    if len(country.cities) == 1:
        return country.cities[0]
    return _CITIES[country.code](rng)


def stay_length(rng: random.Random) -> int:
    """Days after the first day of a stay: mostly a few days, now and then weeks."""
    draw = rng.random()
    if draw < 0.30:
        return between(rng, 0, 2)
    if draw < 0.72:
        return between(rng, 3, 5)
    if draw < 0.94:
        return between(rng, 6, 13)
    return between(rng, 14, 29)


def purpose_of(rng: random.Random, *, academic: bool, emergency: bool) -> str:
    if emergency and rng.random() < 0.6:
        return "emergency"
    return (ACADEMIC_PURPOSES if academic else PURPOSES)(rng)


def itinerary(
    rng: random.Random,
    places: Destinations,
    *,
    departs: int,
    purpose: str,
    min_days: int,
) -> Itinerary:
    if purpose == "conference" and rng.random() < FROM_INVITATION_SHARE:
        return _invited(rng, places, departs)
    stays = STAYS(rng)
    legs: list[LegPlan] = []
    first = places.country(rng)
    if rng.random() < TRANSIT_SHARE:
        code, hub_city = places.hub(rng)
        if code != first.code:
            legs.append((code, hub_city, departs, departs, True))
    start = departs if not legs or rng.random() < 0.5 else departs + 1
    country: Country | None = None
    event: tuple[str, str, str] | None = None
    for index in range(stays):
        country = first if index == 0 else places.country(rng, near=country)
        if index > 0 and country.code == legs[-1][0]:
            continue
        place = city(rng, country)
        if index == 0 and purpose == "conference":
            event = event_in(rng, country)
            place = event[1]
        end = start + stay_length(rng)
        legs.append((country.code, place, start, end, False))
        start = end if rng.random() < 0.7 else end + 1
    returns = max(leg[3] for leg in legs)
    if returns < departs + min_days:
        last = legs[-1]
        legs[-1] = (last[0], last[1], last[2], departs + min_days, last[4])
        returns = departs + min_days
    necessity, alternatives = justification(rng)
    return Itinerary(
        purpose=purpose,
        title=_title(rng, purpose, legs, event, departs),
        legs=legs,
        meetings=_meetings(rng, purpose, legs),
        necessity=necessity,
        alternatives=alternatives,
        invitation=None,
        departs=departs,
        returns=returns,
    )


def _invited(rng: random.Random, places: Destinations, departs: int) -> Itinerary:
    """A conference answered from an invitation: one leg, the event's city and dates."""
    country = places.country(rng)
    event, place, host = event_in(rng, country)
    end = departs + between(rng, 1, 4)
    title = f"{event} {date_of(departs).year}"
    necessity, alternatives = justification(rng)
    legs: list[LegPlan] = [(country.code, place, departs, end, False)]
    return Itinerary(
        purpose="conference",
        title=title,
        legs=legs,
        meetings=_meetings(rng, "conference", legs),
        necessity=necessity,
        alternatives=alternatives,
        invitation=InvitationPlan(event=title, host=host),
        departs=departs,
        returns=end,
    )


def event_in(rng: random.Random, country: Country) -> tuple[str, str, str]:
    known = texts.EVENTS.get(country.code)
    if known and rng.random() < 0.8:
        return pick(rng, known)
    place = city(rng, country)
    return f"{pick(rng, texts.GENERIC_EVENTS)}, {place}", place, f"{place} Convention Centre"


def justification(rng: random.Random) -> tuple[str, str]:
    """Most travellers explain why the trip is necessary and what else they considered."""
    if rng.random() >= 0.86:
        return "", ""
    necessity = pick(rng, texts.NECESSITY)
    alternatives = pick(rng, texts.ALTERNATIVES) if rng.random() < 0.95 else ""
    return necessity, alternatives


def _title(
    rng: random.Random,
    purpose: str,
    legs: list[LegPlan],
    event: tuple[str, str, str] | None,
    departs: int,
) -> str:
    stays = [leg for leg in legs if not leg[4]]
    place = stays[0][1]
    if purpose == "conference" and event is not None:
        return f"{event[0]} {date_of(departs).year}"
    if purpose == "business":
        if len(stays) > 1:
            return "Customer visits: " + ", ".join(leg[1] for leg in stays)
        return pick(rng, ("Customer meetings in {c}", "Partner visit to {c}")).format(c=place)
    if purpose == "academic":
        return pick(rng, ("Research visit to {c}", "Seminar in {c}", "Lab visit, {c}")).format(
            c=place
        )
    if purpose == "personal":
        return f"Family visit to {place}"
    return f"Urgent visit to {place}"


def _meetings(rng: random.Random, purpose: str, legs: list[LegPlan]) -> list[Meeting]:
    share, most = MEETINGS.get(purpose, (0.0, 0))
    if not most or rng.random() >= share:
        return []
    stays = [leg for leg in legs if not leg[4]]
    planned: list[Meeting] = []
    for _ in range(between(rng, 1, most)):
        code, place, start, end, _transit = pick(rng, stays)
        organisation = pick(rng, texts.COUNTERPART_ORGS).format(city=place)
        planned.append(
            (
                pick(rng, texts.COUNTERPART_NAMES),
                organisation,
                code,
                pick(rng, texts.TOPICS),
                between(rng, start, end) if rng.random() < 0.8 else None,
            )
        )
    return planned


def country_at(legs: list[LegPlan], day: int) -> tuple[str, str]:
    """Where the traveller stays on `day`: the last stay begun by then (else the first)."""
    where = legs[0]
    for leg in legs:
        if leg[2] <= day and not leg[4]:
            where = leg
    return where[0], where[1]
