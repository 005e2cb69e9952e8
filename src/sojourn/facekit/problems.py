"""RFC 9457 problem details: every error the API answers, in one shape.

    {"type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": "…",
     "errors": [{"field": "legs[0].country", "code": "invalid", "params": {}, "message": "…"}]}

Field names follow the service layer's spelling (`legs[0].country`), so a client reads the same
name in an API error as a person sees next to a web form field. Each error's `code` says what is
wrong in words no language changes (`unknown_field`; `invalid` for any other refusal) and its
`params` the values its message is made of.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sojourn.policy.problems import dotted

CONTENT_TYPE = "application/problem+json"
# Each status's title in the caller's language: in English, the reason phrase as Python has it.
TITLES: dict[int, Promise] = {
    400: _("Bad Request"),
    401: _("Unauthorized"),
    403: _("Forbidden"),
    404: _("Not Found"),
    405: _("Method Not Allowed"),
    406: _("Not Acceptable"),
    409: _("Conflict"),
    410: _("Gone"),
    412: _("Precondition Failed"),
    413: _("Request Entity Too Large"),
    415: _("Unsupported Media Type"),
    422: _("Unprocessable Entity"),
    428: _("Precondition Required"),
    429: _("Too Many Requests"),
    500: _("Internal Server Error"),
    503: _("Service Unavailable"),
    507: _("Insufficient Storage"),
}


def title_of(status: int) -> str:
    title = TITLES.get(status)
    return str(title) if title is not None else HTTPStatus(status).phrase


INVALID = "invalid"
# An error: (field, message), or a mapping with `field`, `message` and maybe `code`, `params`.
FieldProblem = tuple[str, str] | Mapping[str, Any]


def _error(item: FieldProblem) -> dict[str, Any]:
    if isinstance(item, tuple):
        field, message = item
        return {"field": field, "code": INVALID, "params": {}, "message": message}
    return {"code": INVALID, "params": {}, **item}


def field_name(loc: Sequence[Any]) -> str:
    """`("body", "payload", "legs", 0, "country")` → `legs[0].country`."""
    parts = list(loc)
    # Ninja puts the parameter source and the argument name in front of the field's own path.
    if parts and parts[0] in {"body", "query", "path", "header", "form", "cookie"}:
        parts = parts[1:]
        if parts and parts[0] in {"payload", "filters", "data"}:
            parts = parts[1:]
    return dotted(tuple(part if isinstance(part, int) else str(part) for part in parts)) or "body"


def problem(
    status: int,
    detail: str,
    *,
    errors: Iterable[FieldProblem] = (),
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or title_of(status),
        "status": status,
        "detail": detail,
        "errors": [_error(item) for item in errors],
    }
    body.update(extra)
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
