"""The API refuses what it does not understand instead of ignoring it.

An unknown query parameter (`?stauts=approved`) is a 422 naming it: silently ignoring a
misspelt filter would answer everything and look like an answer. So is a parameter given twice
that takes one value (`?tier=a&tier=b`), where the last would otherwise silently win. A field
a body's object does not have (an old name, `legs[0].start`) is refused with the code
`unknown_field` and the fields that object takes, read from the description as the client reads
them, in the words `sojourn assess` uses. A path under /api/v1/ that matches no operation is a
problem+json 404, like every other API error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sojourn.facekit.problems import problem

PREFIX = "/api/v1/"
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
UNKNOWN_FIELD = "unknown_field"
UNKNOWN_PARAMETER = "unknown_parameter"


@functools.cache
def _document() -> dict[str, Any]:
    from sojourn.api.api import api  # the operations import this package's modules

    return dict(api.get_openapi_schema(path_prefix=PREFIX))


def _described_path(request: HttpRequest) -> str | None:
    """The description's path of the operation the request reached (`/api/v1/trips/{trip_id}`)."""
    match = request.resolver_match
    if match is None or not match.route:
        return None
    return "/" + CONVERTER.sub(lambda m: "{" + m[1] + "}", match.route)


@functools.cache
def _query_parameters() -> dict[str, dict[str, dict[str, bool]]]:
    """{OpenAPI path: {method: {query parameter: whether it may repeat}}}, from the description."""
    described = _document()["paths"]
    return {
        path: {
            method: {
                p["name"]: p.get("schema", {}).get("type") == "array"
                for p in operation.get("parameters", [])
                if p.get("in") == "query"
            }
            for method, operation in operations.items()
        }
        for path, operations in described.items()
    }


class UnknownQueryParametersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not request.path.startswith(PREFIX) or not request.GET:
            return None
        path = _described_path(request)
        if path is None:
            return None
        allowed = _query_parameters().get(path, {}).get((request.method or "").lower())
        if allowed is None:
            return None
        unknown = sorted(set(request.GET) - set(allowed))
        if not unknown:
            return _repeated(request, allowed)
        known = _names(sorted(allowed)) or _("none")
        return problem(
            422,
            _("Unknown query parameters: %(names)s.") % {"names": _names(unknown)},
            errors=[
                {
                    "field": name,
                    "code": UNKNOWN_PARAMETER,
                    "params": {"parameters": sorted(allowed)},
                    "message": _("Not a parameter of this operation; it takes: %(known)s.")
                    % {"known": known},
                }
                for name in unknown
            ],
        )


def _names(names: list[str]) -> str:
    """Parameter names as code, in backticks as the API's description writes them: they read
    the same in every language."""
    return ", ".join(f"`{name}`" for name in names)


def _repeated(request: HttpRequest, allowed: dict[str, bool]) -> HttpResponse | None:
    twice = sorted(
        name
        for name, repeats in allowed.items()
        if not repeats and len(request.GET.getlist(name)) > 1
    )
    if not twice:
        return None
    return problem(
        422,
        _("Parameters given more than once: %(names)s.") % {"names": _names(twice)},
        errors=[(name, _("Give this parameter once.")) for name in twice],
    )


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema itself behind a `$ref` or a nullable `anyOf`."""
    components = _document()["components"]["schemas"]
    while True:
        if "$ref" in schema:
            schema = components[schema["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in schema:
            schema = next(part for part in schema["anyOf"] if part.get("type") != "null")
        else:
            return schema


def body_fields(request: HttpRequest, path: Sequence[str | int]) -> list[str] | None:
    """The fields of the object at `path` (`("legs", 0)`) in the body the request's operation
    takes, as its description lists them; None if the description does not say."""
    described = _described_path(request)
    operation = _document()["paths"].get(described or "", {}).get((request.method or "").lower())
    try:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        for part in path:
            schema = _resolved(schema)
            schema = schema["items"] if isinstance(part, int) else schema["properties"][part]
        return list(_resolved(schema)["properties"])
    except (KeyError, TypeError, StopIteration):
        return None


def unknown_field(request: HttpRequest, field: str, path: Sequence[str | int]) -> dict[str, Any]:
    """The error for a field the object at `path` does not have, naming those it has."""
    fields = body_fields(request, path)
    if fields is None:
        return {"field": field, "code": UNKNOWN_FIELD, "params": {}, "message": _("Unknown field.")}
    return {
        "field": field,
        "code": UNKNOWN_FIELD,
        "params": {"fields": fields},
        "message": _("Unknown field; this object's fields are: %(names)s.")
        % {"names": ", ".join(fields)},
    }


@csrf_exempt  # token-authenticated like every API path: no cookie, so no CSRF to check
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem(404, _("There is nothing here, or you may not see it."))
