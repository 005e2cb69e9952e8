"""Input field types of the trip operations, exactly as the OpenAPI description states them.

Pydantic's lax mode would turn `0` into 1 January 1970, `"1"` into a version and `1` into
true; a client that sent those meant something else, so each is refused (422) instead:
a date is a `YYYY-MM-DD` text, a number in a JSON body is a JSON number, a flag is true or
false. Query strings are text by nature, so their numbers are read from text, and their flags
must say `true` or `false`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AwareDatetime, BeforeValidator, ConfigDict, field_validator

# The trip body's field types serve every other input too (one definition: trips/body.py).
from sojourn.trips.body import ISO_DATE, MAX_ID, Flag, IsoDate, Number, has_nul

__all__ = [
    "ISO_DATE",
    "MAX_ID",
    "Flag",
    "Forbidding",
    "IsoDate",
    "IsoMoment",
    "Number",
    "QueryFlag",
    "has_nul",
]


def _moment_as_text(value: Any) -> Any:
    if isinstance(value, datetime.datetime | str):
        return value
    raise ValueError(_("Give a date and time with its zone, such as 2026-05-01T09:00:00+08:00."))


def _true_or_false(value: Any) -> Any:
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise ValueError(_("Use true or false."))


IsoMoment = Annotated[AwareDatetime, BeforeValidator(_moment_as_text)]
QueryFlag = Annotated[bool, BeforeValidator(_true_or_false)]


class Forbidding(Schema):
    """An input: a field it does not name is refused (422), never ignored; so is a text with
    a NUL character in it (PostgreSQL cannot store one), as the web's forms refuse it."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError(str(ProhibitNullCharactersValidator.message))
        return value
