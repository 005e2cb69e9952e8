"""What the engine is given: the traveller, the trip, and the directives in force.

The application builds TripFacts (trips/body.py reads the trip body of the API and of `sojourn
assess --trip`); `validate_trip` refuses what the engine cannot judge, naming the field.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from sojourn.policy.countries import ALL_CODES, country_problem


class InputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Traveller:
    positions: tuple[str, ...]
    sectors: tuple[str, ...]
    home_country: str


@dataclass(frozen=True)
class Leg:
    country: str
    starts_on: datetime.date
    ends_on: datetime.date
    city: str = ""
    transit: bool = False


@dataclass(frozen=True)
class Meeting:
    counterpart: str
    organisation: str = ""
    country: str = ""


FUNDED_ITEMS = ("travel", "lodging", "honorarium", "gift", "other")
"""What an invitation may pay for, in the order the faces list them."""
PAYERS = ("employer", "host", "third_party", "self", "nobody")
"""Who pays: the traveller's organisation, the host, a third party, the traveller, no one."""
OUTSIDE_PAYERS = ("host", "third_party")
"""The payers that are neither the traveller nor their organisation: they name a country."""


@dataclass(frozen=True)
class Funding:
    """Who pays for one item of an invitation (travel, lodging, an honorarium, a gift...)."""

    item: str
    paid_by: str
    payer_name: str = ""
    payer_country: str = ""
    value: str = ""

    @property
    def outside(self) -> bool:
        return self.paid_by in OUTSIDE_PAYERS


@dataclass(frozen=True)
class TripFacts:
    traveller: Traveller
    purpose: str
    reported_on: datetime.date
    legs: tuple[Leg, ...]
    meetings: tuple[Meeting, ...] = ()
    funding: tuple[Funding, ...] = ()
    necessity: str = ""
    alternatives: str = ""


Effect = Literal["raise_tier", "prohibit"]


@dataclass(frozen=True)
class Advisory:
    """A directive in force for some destinations over a date window (both days included)."""

    id: str
    destinations: tuple[str, ...]
    starts_on: datetime.date
    ends_on: datetime.date
    effect: Effect
    tier: str | None
    text: str

    def __post_init__(self) -> None:
        if self.effect not in ("raise_tier", "prohibit"):
            raise ValueError(f"advisory {self.id}: effect must be raise_tier or prohibit")
        if self.effect == "raise_tier" and not self.tier:
            raise ValueError(f"advisory {self.id}: raise_tier needs the tier to raise to")
        if self.ends_on < self.starts_on:
            raise ValueError(
                f"advisory {self.id}: ends_on ({self.ends_on}) before starts_on ({self.starts_on})"
            )


@dataclass(frozen=True)
class Hold:
    """All travel of one person held: no leg may start on or before `hold_until`."""

    id: str
    hold_until: datetime.date
    reason: str


@dataclass(frozen=True)
class ListedParty:
    """A name of the trip found on a restricted-party list (screening finds it; the engine only
    reports it). `field` says where the name is (`meetings[0].counterpart`, `host_organisation`);
    `alias` is the entry's name that matched, `score` 0-100, `as_of` the snapshot's date."""

    field: str
    list_id: str
    entry_id: str
    entry_name: str
    alias: str
    score: float
    as_of: datetime.date


def validate_trip(trip: TripFacts) -> None:
    """Refuse facts the engine cannot judge: no legs, unknown countries, legs ending early."""
    if _plainly_valid(trip):
        return
    _country("traveller.home_country", trip.traveller.home_country)
    if not trip.legs:
        raise InputError("legs", "a trip needs at least one leg")
    for index, leg in enumerate(trip.legs):
        _country(f"legs[{index}].country", leg.country)
        if leg.ends_on < leg.starts_on:
            raise InputError(
                f"legs[{index}].ends_on",
                f"the leg ends ({leg.ends_on.isoformat()}) "
                f"before it starts ({leg.starts_on.isoformat()})",
            )
    for index, meeting in enumerate(trip.meetings):
        if meeting.country:
            _country(f"meetings[{index}].country", meeting.country)
    for index, funding in enumerate(trip.funding):
        _funding(f"funding[{index}]", funding)


def _plainly_valid(trip: TripFacts) -> bool:
    # The engine validates every trip it assesses; this loop is the fast path for good ones.
    if trip.traveller.home_country not in ALL_CODES or not trip.legs:
        return False
    for leg in trip.legs:
        if leg.country not in ALL_CODES or leg.ends_on < leg.starts_on:
            return False
    for meeting in trip.meetings:
        if meeting.country and meeting.country not in ALL_CODES:
            return False
    return not trip.funding


def _funding(path: str, funding: Funding) -> None:
    if funding.item not in FUNDED_ITEMS:
        raise InputError(f"{path}.item", f"expected one of: {', '.join(FUNDED_ITEMS)}")
    if funding.paid_by not in PAYERS:
        raise InputError(f"{path}.paid_by", f"expected one of: {', '.join(PAYERS)}")
    if funding.payer_country:
        _country(f"{path}.payer_country", funding.payer_country)
    elif funding.outside:
        raise InputError(
            f"{path}.payer_country",
            "a host or third party that pays names its country: an ISO 3166-1 alpha-2 code "
            "such as 'FR'",
        )


def _country(field: str, code: str) -> None:
    if code in ALL_CODES:
        return
    problem = country_problem(code)
    if problem:
        raise InputError(field, problem)
