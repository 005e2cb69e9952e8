"""How the API reads query strings: as Ninja does, but a NUL character is refused by name.

No database column takes a NUL (PostgreSQL refuses it outright), and the web's forms refuse it
too; a JSON body's texts are refused by the input schemas (`schemas.trip_fields.Forbidding`).
"""

from __future__ import annotations

from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

from sojourn.api.schemas.trip_fields import has_nul


class SojournParser(Parser):
    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            if has_nul([key, *values]):
                message = str(ProhibitNullCharactersValidator.message)
                raise ValidationError([{"loc": ("query", key), "msg": message}])
        return super().parse_querydict(data, list_fields, request)
