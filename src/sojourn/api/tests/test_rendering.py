"""The API's JSON renderer writes every value as django-ninja's own renderer would."""

from __future__ import annotations

import datetime
import decimal
import enum
import ipaddress
import json
import uuid

import pytest
from django.utils.translation import gettext_lazy
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel

from sojourn.api.rendering import JsonRenderer


class Colour(enum.StrEnum):
    RED = "red"


class Size(enum.IntEnum):
    LARGE = 3


class Inner(BaseModel):
    at: datetime.datetime


VALUES = {
    "datetime with microseconds": datetime.datetime(
        2026, 3, 2, 9, 0, 1, 234567, tzinfo=datetime.UTC
    ),
    "datetime in another zone": datetime.datetime(
        2026, 3, 2, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    ),
    "naive datetime": datetime.datetime(2026, 3, 2, 9, 0),
    "date": datetime.date(2026, 3, 2),
    "time": datetime.time(9, 30, 15, 500000),
    "duration": datetime.timedelta(days=1, seconds=5),
    "decimal": decimal.Decimal("12.50"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy translation": gettext_lazy("Trips"),
    "address": ipaddress.ip_address("192.0.2.1"),
    "text enum": Colour.RED,
    "number enum": Size.LARGE,
    "model": Inner(at=datetime.datetime(2026, 3, 2, 9, 0, 0, 999999, tzinfo=datetime.UTC)),
    "text outside ASCII": "Zürich – 東京",
    "nested": {"items": [1, 2.5, None, True, "a"], "next": None},
    "integer keys": {1: "one"},
}


@pytest.mark.parametrize("name", VALUES)
def test_each_value_is_written_as_django_ninja_writes_it(name: str) -> None:
    data = {"value": VALUES[name]}
    written = JsonRenderer().render(None, data, response_status=200)  # type: ignore[arg-type]
    assert json.loads(written) == json.loads(json.dumps(data, cls=NinjaJSONEncoder))


def test_datetimes_keep_djangos_format() -> None:
    """Milliseconds and `Z`, as the API has always answered (not orjson's own format)."""
    at = VALUES["datetime with microseconds"]
    assert JsonRenderer().render(None, [at], response_status=200) == b'["2026-03-02T09:00:01.234Z"]'  # type: ignore[arg-type]


def test_a_value_it_cannot_write_is_an_error_not_a_guess() -> None:
    with pytest.raises(TypeError):
        JsonRenderer().render(None, {"value": {1, 2}}, response_status=200)  # type: ignore[arg-type]
