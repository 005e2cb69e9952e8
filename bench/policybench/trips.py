"""A deterministic, realistic mix of trips for the seed-sensitive-tech pack.

Shaped like business travel from mainland China: most travellers are CN-based people in AI and
robotics (covered), some are not covered (bank staff, engineers, academics); trips have 1-4 legs
to destinations weighted like real business travel, a layover now and then, 0-5 meetings; most
are reported in good time but some late, and some come without a necessity justification.
The same seed gives the same trips, and no date depends on the clock.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Generic, TypeVar

from sojourn.policy import Advisory, Leg, Meeting, Traveller, TripFacts

Row = TypeVar("Row", bound=tuple[Any, ...])


@dataclass(frozen=True)
class Weighted(Generic[Row]):
    """Rows whose first item is a weight; `pick` draws one in proportion to it."""

    rows: tuple[Row, ...]
    cumulative: tuple[int, ...]

    def pick(self, rng: random.Random) -> Row:
        return rng.choices(self.rows, cum_weights=self.cumulative)[0]


def weighted(*rows: Row) -> Weighted[Row]:
    return Weighted(rows, tuple(accumulate(row[0] for row in rows)))


FIRST_DEPARTURE = datetime.date(2026, 1, 5)
"""Departures spread over the year that starts here."""

# (weight, home country): CN mostly; a few based where the pack's tiers treat home differently.
HOMES = weighted(
    (90, "CN"),
    (3, "HK"),
    (2, "SG"),
    (2, "US"),
    (1, "DE"),
    (1, "JP"),
    (1, "GB"),
)

# (weight, sectors, positions). Covered by seed-sensitive-tech: ai/robotics executives, founders
# and researchers (about 70 %); the rest are not (bank staff, engineers, academics).
PROFILES = weighted(
    (28, ("ai",), ("researcher",)),
    (12, ("ai",), ("executive",)),
    (7, ("ai",), ("founder",)),
    (10, ("robotics",), ("researcher",)),
    (6, ("robotics",), ("executive",)),
    (3, ("robotics",), ("founder",)),
    (4, ("ai", "robotics"), ("executive", "founder")),
    (8, ("ai",), ("engineer",)),
    (7, ("banking",), ("analyst",)),
    (5, ("banking",), ("executive",)),
    (6, ("academia",), ("researcher",)),
    (4, ("research",), ("staff",)),
)

# (weight, country, cities): where business travellers from China go, roughly by volume.
DESTINATIONS = weighted(
    (12, "US", ("San Francisco", "New York", "Boston", "Seattle", "Las Vegas")),
    (10, "JP", ("Tokyo", "Osaka", "Nagoya")),
    (9, "HK", ("Hong Kong",)),
    (8, "SG", ("Singapore",)),
    (7, "KR", ("Seoul", "Busan")),
    (7, "DE", ("Munich", "Berlin", "Frankfurt", "Stuttgart")),
    (5, "GB", ("London", "Cambridge", "Oxford")),
    (4, "FR", ("Paris", "Lyon")),
    (4, "TH", ("Bangkok",)),
    (3, "MY", ("Kuala Lumpur", "Penang")),
    (3, "VN", ("Ho Chi Minh City", "Hanoi")),
    (3, "AE", ("Dubai", "Abu Dhabi")),
    (3, "AU", ("Sydney", "Melbourne")),
    (2, "MO", ("Macao",)),
    (2, "TW", ("Taipei", "Hsinchu")),
    (2, "IT", ("Milan", "Rome")),
    (2, "NL", ("Amsterdam", "Eindhoven")),
    (2, "CH", ("Zurich", "Geneva")),
    (2, "CA", ("Toronto", "Vancouver", "Montreal")),
    (2, "IN", ("Bengaluru", "Mumbai")),
    (2, "ID", ("Jakarta",)),
    (2, "RU", ("Moscow",)),
    (2, "SA", ("Riyadh",)),
    (1, "ES", ("Barcelona", "Madrid")),
    (1, "TR", ("Istanbul",)),
    (1, "BR", ("São Paulo",)),
    (1, "MX", ("Mexico City",)),
    (1, "IL", ("Tel Aviv",)),
    (1, "SE", ("Stockholm",)),
    (1, "FI", ("Helsinki",)),
    (1, "HU", ("Budapest",)),
    (1, "PL", ("Warsaw",)),
    (1, "KZ", ("Astana",)),
    (1, "PH", ("Manila",)),
    (1, "NZ", ("Auckland",)),
    (1, "ZA", ("Johannesburg",)),
    (1, "EG", ("Cairo",)),
    (1, "QA", ("Doha",)),
)

# (weight, country, city) of layovers.
HUBS = weighted(
    (5, "AE", "Dubai"),
    (3, "QA", "Doha"),
    (3, "HK", "Hong Kong"),
    (3, "SG", "Singapore"),
    (2, "KR", "Seoul"),
    (2, "JP", "Tokyo"),
    (2, "DE", "Frankfurt"),
    (2, "FI", "Helsinki"),
    (2, "TR", "Istanbul"),
    (1, "NL", "Amsterdam"),
)

LEG_COUNTS = weighted((46, 1), (30, 2), (16, 3), (8, 4))
MEETING_COUNTS = weighted((30, 0), (25, 1), (20, 2), (12, 3), (8, 4), (5, 5))
STAY_DAYS = weighted((10, 1), (15, 2), (20, 3), (20, 4), (15, 5), (10, 7), (6, 10), (4, 14))
DOMESTIC_LEG = 0.06
"""Share of non-transit legs inside the traveller's home country (a stop on the way)."""
TRANSIT = 0.15
"""Chance that a leg other than the last is a same-day layover."""
PURPOSES = (
    "conference talk",
    "customer visit",
    "partner negotiations",
    "trade fair",
    "investor meetings",
    "joint research workshop",
    "supplier audit",
)
ORGANISATIONS = (
    "Northwind Robotics",
    "Contoso AI Lab",
    "Fabrikam University",
    "Tailspin Capital",
    "Wide World Importers",
    "Adventure Works",
    "Litware Research",
    "Proseware Systems",
)
NECESSITY = "The counterpart's test facility can only be inspected on site."
ALTERNATIVES = "A video call was held first; it could not settle the test protocol."


@dataclass(frozen=True)
class Person:
    id: str
    traveller: Traveller


@dataclass(frozen=True)
class Mix:
    people: tuple[Person, ...]
    trips: tuple[TripFacts, ...]
    owners: tuple[str, ...]
    """The id of the person taking each trip, index for index with `trips`."""

    def head(self, count: int) -> Mix:
        """The first `count` trips (a random sample, as the trips are drawn at random)."""
        return Mix(self.people, self.trips[:count], self.owners[:count])


def build(count: int, *, seed: int) -> Mix:
    """`count` trips taken by about one person per eight trips, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    people = tuple(_person(rng, index) for index in range(max(count // 8, 1)))
    owners: list[str] = []
    trips: list[TripFacts] = []
    for _ in range(count):
        person = rng.choice(people)
        owners.append(person.id)
        trips.append(_trip(rng, person.traveller))
    return Mix(people=people, trips=tuple(trips), owners=tuple(owners))


def advisories() -> tuple[Advisory, ...]:
    """Three directives in force during the year of departures, for the 'with advisories' run."""
    start = FIRST_DEPARTURE
    return (
        Advisory(
            id="ADV-HK-SPRING",
            destinations=("HK", "MO"),
            starts_on=start + datetime.timedelta(days=60),
            ends_on=start + datetime.timedelta(days=150),
            effect="raise_tier",
            tier="restricted",
            text="Heightened screening at the border.",
        ),
        Advisory(
            id="ADV-RU",
            destinations=("RU", "BY"),
            starts_on=start,
            ends_on=start + datetime.timedelta(days=400),
            effect="prohibit",
            tier=None,
            text="",
        ),
        Advisory(
            id="ADV-ASEAN-SUMMIT",
            destinations=("SG", "MY", "TH"),
            starts_on=start + datetime.timedelta(days=200),
            ends_on=start + datetime.timedelta(days=230),
            effect="raise_tier",
            tier="restricted",
            text="Summit week: expect surveillance of delegations.",
        ),
    )


def _person(rng: random.Random, index: int) -> Person:
    _, sectors, positions = PROFILES.pick(rng)
    return Person(f"p{index}", Traveller(positions, sectors, HOMES.pick(rng)[1]))


def _trip(rng: random.Random, traveller: Traveller) -> TripFacts:
    home = traveller.home_country
    departs = FIRST_DEPARTURE + datetime.timedelta(days=rng.randrange(365))
    legs = _legs(rng, home, departs)
    necessity = NECESSITY if rng.random() < 0.8 else ""
    alternatives = ALTERNATIVES if rng.random() < (0.9 if necessity else 0.4) else ""
    return TripFacts(
        traveller=traveller,
        purpose=rng.choice(PURPOSES),
        reported_on=departs - datetime.timedelta(days=_notice(rng)),
        legs=legs,
        meetings=_meetings(rng, legs),
        necessity=necessity,
        alternatives=alternatives,
    )


def _legs(rng: random.Random, home: str, departs: datetime.date) -> tuple[Leg, ...]:
    count = LEG_COUNTS.pick(rng)[1]
    legs: list[Leg] = []
    day = departs
    for index in range(count):
        if index < count - 1 and rng.random() < TRANSIT:
            _, country, city = HUBS.pick(rng)
            legs.append(Leg(country, day, day, city=city, transit=True))
            continue
        if rng.random() < DOMESTIC_LEG:
            country, city = home, ""
        else:
            _, country, cities = DESTINATIONS.pick(rng)
            city = rng.choice(cities)
        end = day + datetime.timedelta(days=STAY_DAYS.pick(rng)[1] - 1)
        legs.append(Leg(country, day, end, city=city))
        day = end
    return tuple(legs)


def _notice(rng: random.Random) -> int:
    """Days between reporting and departure: most in time, some late for restricted, a few late."""
    draw = rng.random()
    if draw < 0.62:
        return rng.randint(31, 120)
    if draw < 0.87:
        return rng.randint(8, 30)
    return rng.randint(0, 7)


def _meetings(rng: random.Random, legs: Sequence[Leg]) -> tuple[Meeting, ...]:
    meetings = []
    for number in range(MEETING_COUNTS.pick(rng)[1]):
        draw = rng.random()
        if draw < 0.8:
            country = rng.choice(legs).country
        elif draw < 0.9:
            country = DESTINATIONS.pick(rng)[1]
        else:
            country = ""
        meetings.append(Meeting(f"Meeting {number + 1}", rng.choice(ORGANISATIONS), country))
    return tuple(meetings)
