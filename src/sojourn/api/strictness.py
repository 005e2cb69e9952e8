"""The API refuses what it does not understand instead of ignoring it.

An unknown query parameter (`?stauts=approved`) is a 422 naming it: silently ignoring a
misspelt filter would answer everything and look like an answer. So is a parameter given twice
that takes one value (`?tier=a&tier=b`), where the last would otherwise silently win. A path
under /api/v1/ that matches no operation is a problem+json 404, like every other API error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sojourn.facekit.problems import problem

PREFIX = "/api/v1/"
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


@functools.cache
def _query_parameters() -> dict[str, dict[str, dict[str, bool]]]:
    """{OpenAPI path: {method: {query parameter: whether it may repeat}}}, from the description."""
    from sojourn.api.api import api  # the operations import this package's modules

    described = api.get_openapi_schema(path_prefix=PREFIX)["paths"]
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
        match = request.resolver_match
        if match is None or not match.route:
            return None
        path = "/" + CONVERTER.sub(lambda m: "{" + m[1] + "}", match.route)
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
                (
                    name,
                    _("Not a parameter of this operation; it takes: %(known)s.") % {"known": known},
                )
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


@csrf_exempt  # token-authenticated like every API path: no cookie, so no CSRF to check
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem(404, _("There is nothing here, or you may not see it."))
