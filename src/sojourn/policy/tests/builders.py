"""Small builders for the engine's inputs: a trip reads as its legs and who travels."""

from __future__ import annotations

import datetime

from sojourn.policy import Leg, Meeting, Traveller, TripFacts

REPORTED = "2026-03-02"
NECESSITY = "Keynote at the partner's summit; the host requires attendance in person."
ALTERNATIVES = "A recorded talk was offered and declined by the host."


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def leg(country: str, start: str, end: str | None = None, *, transit: bool = False) -> Leg:
    return Leg(country=country, starts_on=day(start), ends_on=day(end or start), transit=transit)


def trip(
    *legs: Leg,
    position: str = "founder",
    sectors: tuple[str, ...] = ("ai",),
    home: str = "CN",
    reported: str = REPORTED,
    necessity: str = NECESSITY,
    alternatives: str = ALTERNATIVES,
    meetings: tuple[Meeting, ...] = (),
) -> TripFacts:
    return TripFacts(
        traveller=Traveller(positions=(position,), sectors=sectors, home_country=home),
        purpose="conference",
        reported_on=day(reported),
        legs=legs,
        meetings=meetings,
        necessity=necessity,
        alternatives=alternatives,
    )
