"""What the engine is given: the traveller, the trip, and the directives in force.

`trip_from_json` reads the trip document of `sojourn assess --trip TRIP.json`:

    {"traveller": {"positions": ["founder"], "sectors": ["ai"], "home_country": "CN"},
     "purpose": "conference", "reported_on": "2026-03-02",
     "necessity": "...", "alternatives": "...",
     "legs": [{"country": "FR", "city": "Paris", "starts_on": "2026-05-11",
               "ends_on": "2026-05-14", "transit": false}],
     "meetings": [{"counterpart": "...", "organisation": "...", "country": "FR"}]}

Required: traveller (positions, sectors, home_country), reported_on, legs (at least one, each
with country, starts_on, ends_on). Anything else may be left out; keys not listed above are
refused, so a typo never passes silently. Bad input raises `InputError` naming the field
(`legs[0].ends_on`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

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


@dataclass(frozen=True)
class TripFacts:
    traveller: Traveller
    purpose: str
    reported_on: datetime.date
    legs: tuple[Leg, ...]
    meetings: tuple[Meeting, ...] = ()
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
    return True


def _country(field: str, code: str) -> None:
    if code in ALL_CODES:
        return
    problem = country_problem(code)
    if problem:
        raise InputError(field, problem)


DOCUMENT = "(the document)"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRIP_KEYS = (
    "traveller",
    "purpose",
    "reported_on",
    "necessity",
    "alternatives",
    "legs",
    "meetings",
)
_TRAVELLER_KEYS = ("positions", "sectors", "home_country")
_LEG_KEYS = ("country", "city", "starts_on", "ends_on", "transit")
_MEETING_KEYS = ("counterpart", "organisation", "country")


def trip_from_json(data: Mapping[str, Any]) -> TripFacts:
    """The trip document as TripFacts; InputError names the first field that is wrong."""
    doc = _object("", data, _TRIP_KEYS, required=("traveller", "reported_on", "legs"))
    person = _object("traveller", doc["traveller"], _TRAVELLER_KEYS, required=_TRAVELLER_KEYS)
    traveller = Traveller(
        positions=_names("traveller.positions", person["positions"]),
        sectors=_names("traveller.sectors", person["sectors"]),
        home_country=_text("traveller.home_country", person["home_country"]),
    )
    trip = TripFacts(
        traveller=traveller,
        purpose=_text("purpose", doc.get("purpose", "")),
        reported_on=_date("reported_on", doc["reported_on"]),
        legs=tuple(_leg(f"legs[{i}]", leg) for i, leg in enumerate(_list("legs", doc["legs"]))),
        meetings=tuple(
            _meeting(f"meetings[{i}]", item)
            for i, item in enumerate(_list("meetings", doc.get("meetings", [])))
        ),
        necessity=_text("necessity", doc.get("necessity", "")),
        alternatives=_text("alternatives", doc.get("alternatives", "")),
    )
    validate_trip(trip)
    return trip


def _leg(field: str, value: Any) -> Leg:
    leg = _object(field, value, _LEG_KEYS, required=("country", "starts_on", "ends_on"))
    transit = leg.get("transit", False)
    if not isinstance(transit, bool):
        raise InputError(f"{field}.transit", f"expected true or false, got {transit!r}")
    return Leg(
        country=_text(f"{field}.country", leg["country"]),
        city=_text(f"{field}.city", leg.get("city", "")),
        starts_on=_date(f"{field}.starts_on", leg["starts_on"]),
        ends_on=_date(f"{field}.ends_on", leg["ends_on"]),
        transit=transit,
    )


def _meeting(field: str, value: Any) -> Meeting:
    meeting = _object(field, value, _MEETING_KEYS, required=("counterpart",))
    return Meeting(
        counterpart=_text(f"{field}.counterpart", meeting["counterpart"]),
        organisation=_text(f"{field}.organisation", meeting.get("organisation", "")),
        country=_text(f"{field}.country", meeting.get("country", "")),
    )


def _object(
    field: str, value: Any, keys: tuple[str, ...], *, required: tuple[str, ...]
) -> Mapping[str, Any]:
    where = f"{field}." if field else ""
    if not isinstance(value, Mapping):
        raise InputError(field or DOCUMENT, f"expected an object, got {_kind(value)}")
    for key in value:
        if key not in keys:
            raise InputError(
                f"{where}{key}", f"unknown field '{key}'; expected one of: {', '.join(keys)}"
            )
    for key in required:
        if key not in value:
            raise InputError(f"{where}{key}", "missing: this field is required")
    return value


def _list(field: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(field, f"expected a list, got {_kind(value)}")
    return value


def _names(field: str, value: Any) -> tuple[str, ...]:
    items = _list(field, value)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise InputError(f"{field}[{index}]", f"expected a text, got {_kind(item)}")
    return tuple(items)


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InputError(field, f"expected a text, got {_kind(value)}")
    return value


def _date(field: str, value: Any) -> datetime.date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(field, f"expected a date as YYYY-MM-DD, got {value!r}")


def _kind(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", str: "a text", bool: "true/false"}
    for kind, name in kinds.items():
        if isinstance(value, kind):
            return f"{name} ({value!r})" if kind in (str, bool) else name
    if value is None:
        return "null"
    return f"{type(value).__name__} ({value!r})"
