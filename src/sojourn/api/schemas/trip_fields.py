"""Input field types of the trip operations, exactly as the OpenAPI description states them.

Pydantic's lax mode would turn `0` into 1 January 1970, `"1"` into a version and `1` into
true; a client that sent those meant something else, so each is refused (422) instead:
a date is a `YYYY-MM-DD` text, a number in a JSON body is a JSON number, a flag is true or
false. Query strings are text by nature, so their numbers are read from text, and their flags
must say `true` or `false`.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, StrictBool, StrictInt

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The largest id a database column holds: a larger one is refused (422), not a server error.
MAX_ID = 2**63 - 1


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime.date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise ValueError(_("Give a date as YYYY-MM-DD."))


def _true_or_false(value: Any) -> Any:
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise ValueError(_("Use true or false."))


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
QueryFlag = Annotated[bool, BeforeValidator(_true_or_false)]
Flag = StrictBool
Number = StrictInt


class Forbidding(Schema):
    """An input: a field it does not name is refused (422), never ignored."""

    model_config = ConfigDict(extra="forbid")
