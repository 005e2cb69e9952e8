"""The trip body: the one JSON shape of a trip. `POST /api/v1/trips` and `POST /api/v1/assess`
take it, and `sojourn assess --trip FILE` reads it (docs/glossary.md names its fields):

    {"title": "Workshop in Paris", "purpose": "conference",
     "necessity": "...", "alternatives": "...", "invitation_id": 12,
     "legs": [{"country": "FR", "city": "Paris", "starts_on": "2026-05-11",
               "ends_on": "2026-05-14", "transit": false}],
     "meetings": [{"counterpart": "Dr. Martin", "organisation": "INRIA", "country": "FR",
                   "topics": "robot learning", "date": "2026-05-12"}]}

The command line, having no signed-in person, adds who travels and the reporting date
(`TripDocument`): `"traveller": {"positions": [...], "sectors": [...], "home_country": "CN"}`
and `"reported_on": "2026-03-02"`. A field not named here is refused, never ignored, so a typo or
an old name (`start`) is an error naming it; what the body says is then checked by the same
rules as a draft's (`drafts.validate`), so every face refuses the same input at the same path.
"""

from __future__ import annotations

import datetime
import re
import typing
from collections.abc import Iterable
from typing import Annotated, Any

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

from sojourn.policy import InputError, Leg, Meeting, Traveller, TripFacts, validate_trip
from sojourn.policy.problems import dotted
from sojourn.trips import drafts
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Purpose

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The largest id a database column holds: a larger one is refused, not a server error.
MAX_ID = 2**63 - 1
COUNTRY = "ISO 3166-1 alpha-2 country code, such as FR or JP."
TEXT_LIMIT = 10000
MAX_LEGS = 20
MAX_MEETINGS = 30


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime.date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise ValueError(_("Give a date as YYYY-MM-DD."))


# Pydantic's lax mode would turn `0` into 1 January 1970, `"1"` into an id and `1` into true; a
# client that sent those meant something else, so each is refused instead: a date is a
# `YYYY-MM-DD` text, a number is a JSON number, a flag is true or false.
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
Flag = StrictBool
Number = StrictInt


def has_nul(value: Any) -> bool:
    """A text (or a list of texts) holding a NUL character, which no database column takes."""
    texts = value if isinstance(value, list) else [value]
    return any(isinstance(text, str) and "\x00" in text for text in texts)


class Strict(BaseModel):
    """An input: a field it does not name is refused, never ignored; so is a text with a NUL
    character in it (PostgreSQL cannot store one), as the web's forms refuse it."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError(str(ProhibitNullCharactersValidator.message))
        return value


class LegIn(Strict):
    country: str = Field(min_length=2, max_length=2, description=COUNTRY)
    city: str = Field("", max_length=120)
    starts_on: IsoDate
    ends_on: IsoDate = Field(description="On or after `starts_on`.")
    transit: Flag = Field(False, description="A layover, not a stay.")


class MeetingIn(Strict):
    counterpart: str = Field(max_length=200, description="Whom the traveller will meet.")
    organisation: str = Field("", max_length=200)
    country: str = Field("", max_length=2, description=COUNTRY + " Optional.")
    topics: str = Field("", max_length=300)
    date: IsoDate | None = None


class TripIn(Strict):
    """A trip as its traveller reports it."""

    title: str = Field(max_length=200)
    purpose: Purpose = Purpose.BUSINESS
    necessity: str = Field(
        "",
        max_length=TEXT_LIMIT,
        description="Why the trip is necessary; the assessment says when a policy requires it.",
    )
    alternatives: str = Field(
        "", max_length=TEXT_LIMIT, description="Alternatives considered, e.g. attend remotely."
    )
    invitation_id: Number | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="The id of one of the traveller's own invitations this trip answers "
        "(an assessment does not use it).",
    )
    legs: list[LegIn] = Field(default_factory=list, max_length=MAX_LEGS)
    meetings: list[MeetingIn] = Field(default_factory=list, max_length=MAX_MEETINGS)

    def to_input(self) -> drafts.TripInput:
        return drafts.TripInput(
            title=self.title,
            purpose=self.purpose,
            necessity=self.necessity,
            alternatives=self.alternatives,
            legs=legs_input(self.legs),
            meetings=meetings_input(self.meetings),
        )


class LegLike(typing.Protocol):
    """A leg as a body sends it or as a stored draft holds it."""

    @property
    def country(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def starts_on(self) -> datetime.date: ...
    @property
    def ends_on(self) -> datetime.date: ...
    @property
    def transit(self) -> bool: ...


class MeetingLike(typing.Protocol):
    """A planned meeting as a body sends it or as a stored draft holds it."""

    @property
    def counterpart(self) -> str: ...
    @property
    def organisation(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def topics(self) -> str: ...
    @property
    def date(self) -> datetime.date | None: ...


def legs_input(legs: Iterable[LegLike]) -> list[drafts.LegInput]:
    return [
        drafts.LegInput(
            country=leg.country,
            city=leg.city,
            starts_on=leg.starts_on,
            ends_on=leg.ends_on,
            transit=leg.transit,
        )
        for leg in legs
    ]


def meetings_input(meetings: Iterable[MeetingLike]) -> list[drafts.MeetingInput]:
    return [
        drafts.MeetingInput(
            counterpart=meeting.counterpart,
            organisation=meeting.organisation,
            country=meeting.country,
            topics=meeting.topics,
            date=meeting.date,
        )
        for meeting in meetings
    ]


class TravellerIn(Strict):
    positions: list[str]
    sectors: list[str]
    home_country: str = Field(description=COUNTRY)


class TripDocument(TripIn):
    """The trip body as `sojourn assess --trip FILE` reads it: who travels, and when the trip is
    reported, come with it."""

    traveller: TravellerIn
    reported_on: IsoDate

    def traveller_facts(self) -> Traveller:
        return Traveller(
            positions=tuple(self.traveller.positions),
            sectors=tuple(self.traveller.sectors),
            home_country=self.traveller.home_country.strip().upper(),
        )


def assessable(data: drafts.TripInput) -> dict[str, str]:
    """What keeps the trip from being assessed, by field: a draft's rules, and a leg at least."""
    errors = drafts.validate(data)
    if not data.legs:
        errors.setdefault("legs", _("Add at least one leg: where you go and when."))
    return errors


def facts(data: drafts.TripInput, *, traveller: Traveller, reported_on: datetime.date) -> TripFacts:
    """The trip as the policy engine judges it, for this traveller reporting it on that day."""
    return TripFacts(
        traveller=traveller,
        purpose=data.purpose,
        reported_on=reported_on,
        necessity=data.necessity.strip(),
        alternatives=data.alternatives.strip(),
        legs=tuple(
            Leg(
                country=leg.country.strip().upper(),
                city=leg.city.strip(),
                starts_on=leg.starts_on,
                ends_on=leg.ends_on,
                transit=leg.transit,
            )
            for leg in data.legs
        ),
        meetings=tuple(
            Meeting(
                counterpart=meeting.counterpart.strip(),
                organisation=meeting.organisation.strip(),
                country=meeting.country.strip().upper(),
            )
            for meeting in data.meetings
        ),
    )


def read_document(data: object) -> TripFacts:
    """The trip document of `sojourn assess --trip` as the engine's facts; InvalidInput names
    every field that is wrong by its path."""
    try:
        document = TripDocument.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(problems(error, TripDocument)) from None
    trip = document.to_input()
    errors = assessable(trip)
    if errors:
        raise InvalidInput(errors)
    found = facts(trip, traveller=document.traveller_facts(), reported_on=document.reported_on)
    try:
        validate_trip(found)
    except InputError as refused:
        raise InvalidInput({refused.field: refused.message}) from None
    return found


def problems(error: ValidationError, model: type[BaseModel]) -> dict[str, str]:
    """Each field of `model` that is wrong, by its path in the document (`legs[0].ends_on`)."""
    found: dict[str, str] = {}
    for detail in error.errors():
        path = dotted(detail["loc"]) or "(the document)"
        found.setdefault(path, _message(detail, model))
    return found


def _message(detail: ErrorDetails, model: type[BaseModel]) -> str:
    if detail["type"] == "extra_forbidden":
        names = ", ".join(_fields_at(model, detail["loc"][:-1]))
        return _("Unknown field; this object's fields are: %(names)s.") % {"names": names}
    if detail["type"] == "missing":
        return _("This field is required.")
    return detail["msg"].removeprefix("Value error, ")


def _fields_at(model: type[BaseModel], path: tuple[int | str, ...]) -> list[str]:
    """The field names of the object at `path` in a document of `model`."""
    for part in path:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        model = next(
            kind
            for kind in (annotation, *typing.get_args(annotation))
            if isinstance(kind, type) and issubclass(kind, BaseModel)
        )
    return list(model.model_fields)
