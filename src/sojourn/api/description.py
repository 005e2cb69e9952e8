"""The OpenAPI description as outside tools read it: tags, servers, error answers, no dead weight.

django-ninja builds the paths and schemas from the operations; this module finishes the
document so that Spectral's `spectral:oas` ruleset passes (`.spectral.yaml`, run by
`tests/test_it_openapi_lint.py`) and a generated client gets readable names:

* every operation declares its own short, stable `operation_id` (`list_trips`): a missing one
  is an error here rather than ninja's default `sojourn_api_routers_trips_list_trips`;
* every 4xx and 5xx answer is `application/problem+json` (RFC 9457) and says when it happens;
  every operation lists 500, every one that reads the database 503, every write 507;
* a query parameter is never `null` (a query string has no null: it is present or absent), so
  its schema is the type itself rather than `anyOf: [type, null]`;
* component schemas no operation reaches (the query models ninja flattens into parameters)
  are dropped;
* a page of a list is named after its rows, `TripPage` (pydantic names it `Page_TripSummary_`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

from ninja.operation import Operation

TAGS: list[dict[str, str]] = [
    {
        "name": "health",
        "description": "Liveness (the process answers) and readiness (the database, the "
        "migrations, the worker); no token needed.",
    },
    {"name": "me", "description": "Who the token belongs to: role, organisation, scopes."},
    {
        "name": "trips",
        "description": "Trips abroad: reporting a draft, submitting it, the approval chain, "
        "withdrawing and cancelling; duty of care while abroad (check-ins, deviations); "
        "the debrief once back; the CSV export.",
    },
    {
        "name": "invitations",
        "description": "Invitations to events abroad: recorded with a pre-assessment, then "
        "accepted (which opens a draft trip) or declined.",
    },
    {
        "name": "assessment",
        "description": "What the policy says about a trip (tier, route, approvals, deadlines, "
        "findings, risk) without storing anything.",
    },
    {
        "name": "policies",
        "description": "Policy packs' versions: reading them, checking and issuing a new one, "
        "and previewing its effect on open trips (what-if).",
    },
    {
        "name": "directives",
        "description": "Oversight's directives (advisories, instructions to cancel, holds) and "
        "the re-assessment runs they start.",
    },
    {"name": "notifications", "description": "The caller's in-app notifications."},
    {
        "name": "people",
        "description": "People and their compliance records, for officers, oversight and auditors.",
    },
    {
        "name": "retention",
        "description": "Legal holds, which keep a trip's or a person's debriefs from retention's "
        "purge while in force: read by officers, oversight and auditors, set and cleared by an "
        "officer of the organisation or oversight.",
    },
    {
        "name": "contacts",
        "description": "The contact register (foreign people and organisations, their names, "
        "strong identifiers, sightings and screening hits) and the contact reports travellers "
        "file at any time. Every read of a contact is audited.",
    },
    {
        "name": "screening",
        "description": "Restricted-party lists as dated snapshots with their provenance, the "
        "hits screening found, and officers' dismissals of false positives.",
    },
]

# Relative: the API is described at the address it is served from, whatever the host.
SERVERS: list[dict[str, str]] = [
    {"url": "/", "description": "This Sojourn instance (the paths start with /api/v1)."}
]

CONTACT: dict[str, str] = {"name": "The administrators of this Sojourn instance"}

IDEMPOTENCY_HEADER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique value (a UUID): a replay within 24 hours answers the first "
    "response again and performs nothing twice.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}

PROBLEMS: dict[str, str] = {
    "400": "The body is not a JSON object.",
    "401": "No token, or one that is unknown, revoked or expired (with a `WWW-Authenticate` "
    "challenge).",
    "403": "The caller's role, or the token's `read` scope, does not allow this.",
    "404": "Nothing here, or nothing the caller may see.",
    "409": "The object's state does not allow this now, or the `version` sent is stale "
    "(`current_version` then gives the version now).",
    "413": "The request body is larger than the API accepts.",
    "422": "Some input cannot be accepted: `errors` names each field at fault.",
    "429": "The caller sent more requests this minute than the API takes from one person; "
    "`Retry-After` says how many seconds to wait.",
    "500": "The server failed; nothing of it is shown but `request_id`, which its log names.",
    "503": "The database is not answering (`Retry-After` says when to try again); nothing "
    "was done.",
    "507": "The server's storage is full; nothing was saved.",
}
# The server's own failures, which any operation may meet: (status, which operations).
# Liveness reads no table, so only a bug can fail it; only a write can fill the disk.
WRITES = {"post", "put", "patch", "delete"}
NO_DATABASE = {"get_liveness"}

PROBLEM_JSON = "application/problem+json"


class MissingOperationId(LookupError):
    """An operation without its own `operation_id`."""


def operation_id_of(operation: Operation) -> str:
    """Ninja's fallback for an operation that declares no `operation_id`: refuse.

    The ids are what a generated client calls (`list_trips(...)`): they are part of the API and
    must not follow the Python module a view happens to live in."""
    view = operation.view_func
    raise MissingOperationId(
        f"{view.__module__}.{view.__name__} declares no operation_id (verb_thing: list_trips)"
    )


def finish(schema: dict[str, Any]) -> None:
    """Completes ninja's document in place (see the module's docstring)."""
    schema["servers"] = SERVERS
    schema["tags"] = TAGS
    schema["info"]["contact"] = CONTACT
    for method, operation in _operations(schema):
        _add_server_failures(method, operation)
        _describe_problems(operation)
        _drop_null_from_query(operation)
        if method == "post":
            operation.setdefault("parameters", []).append(IDEMPOTENCY_HEADER)
    _drop_unused_schemas(schema)
    _name_pages(schema)


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for operations in schema["paths"].values():
        yield from operations.items()


def _add_server_failures(method: str, operation: dict[str, Any]) -> None:
    statuses = [500]
    if operation.get("operationId") not in NO_DATABASE:
        statuses.append(503)
    if method in WRITES:
        statuses.append(507)
    responses = operation.setdefault("responses", {})
    for status in statuses:
        if status not in responses and str(status) not in responses:
            responses[status] = {"description": "", "content": {PROBLEM_JSON: PROBLEM_SCHEMA}}


PROBLEM_SCHEMA: dict[str, Any] = {"schema": {"$ref": "#/components/schemas/Problem"}}


def _describe_problems(operation: dict[str, Any]) -> None:
    """Every 4xx or 5xx answer is problem+json (RFC 9457), not plain JSON, and says when."""
    for status, response in operation.get("responses", {}).items():
        code = str(status)
        if not code.startswith(("4", "5")):
            continue
        content = response.get("content", {})
        if "application/json" in content:
            content[PROBLEM_JSON] = content.pop("application/json")
        if code in PROBLEMS and _plain(code, response.get("description", "")):
            response["description"] = PROBLEMS[code]


def _plain(code: str, description: str) -> bool:
    """Whether an answer's description is only ninja's reason phrase (or none)."""
    return description in {"", "Unknown Status Code", HTTPStatus(int(code)).phrase}


def _drop_null_from_query(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query":
            continue
        schema = parameter["schema"]
        choices = schema.get("anyOf")
        if not choices:
            continue
        kept = [choice for choice in choices if choice.get("type") != "null"]
        if len(kept) == 1 and len(kept) < len(choices):
            del schema["anyOf"]
            schema.update(kept[0])


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _drop_unused_schemas(schema: dict[str, Any]) -> None:
    schemas: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    reached: set[str] = set()
    waiting = list(_refs(schema["paths"]))
    while waiting:
        name = waiting.pop()
        if name in reached or name not in schemas:
            continue
        reached.add(name)
        waiting.extend(_refs(schemas[name]))
    for name in set(schemas) - reached:
        del schemas[name]


GENERIC_PAGE = re.compile(r"Page_(\w+)_")
COMPONENT_REF = "#/components/schemas/"


def _name_pages(schema: dict[str, Any]) -> None:
    schemas: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    names = {}
    for name in list(schemas):
        found = GENERIC_PAGE.fullmatch(name)
        if found:
            names[name] = f"{found[1].removesuffix('Summary')}Page"
            schemas[names[name]] = schemas.pop(name)
            schemas[names[name]]["title"] = names[name]
    _rename_refs(schema, {COMPONENT_REF + old: COMPONENT_REF + new for old, new in names.items()})


def _rename_refs(node: Any, renamed: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and value in renamed:
                node[key] = renamed[value]
            else:
                _rename_refs(value, renamed)
    elif isinstance(node, list):
        for value in node:
            _rename_refs(value, renamed)


def answers(text: str, status: int = 200) -> dict[str, Any]:
    """`openapi_extra` describing an operation's success answer (ninja's own says only "OK")."""
    return {"responses": {status: {"description": text}}}
