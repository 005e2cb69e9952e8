"""The access matrix, enforced: every route has a row, every cell of every row is what the route
answers, and no denied answer carries the object it denied.

One world (the cast and the owner's objects) is built once for this module inside a transaction
that is rolled back at the end; every test runs in its own savepoint inside it (pytest-django's
`db`), so a probe that changes something changes it for that test alone.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from sojourn.api.api import api as sojourn_api
from sojourn.conftest import NOW
from sojourn.security.tests import matrix_world as w
from sojourn.security.tests.access_matrix import (
    MATRIX_FILE,
    OUTCOMES,
    ROLES,
    ROWS,
    Row,
)
from sojourn.security.tests.matrix_world import MARKER, World, build_world, make_cast

API_PREFIX = "/api/v1/"
CONVERTER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>")
PLACEHOLDER = re.compile(r"^\{(\w+)\}$")
REDIRECTS = {301, 302, 303, 307, 308}
# Those who may see none of the owner's objects: nothing of them, in any answer at all.
STRANGERS = ("other", "other_officer")


# The routes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None
    pattern: str  # e.g. /trips/<int:trip_id>/
    namespace: str = ""

    @property
    def parameters(self) -> list[str]:
        return [m["name"] or m["group"] for m in CONVERTER.finditer(self.pattern)]

    @property
    def openapi_path(self) -> str:
        return CONVERTER.sub(lambda m: "{" + (m["name"] or m["group"]) + "}", self.pattern)


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "/", namespace: str = ""
) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
        else:
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Route(name, prefix + str(pattern.pattern), namespace)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


@functools.cache
def operations() -> tuple[str, ...]:
    """Every API operation, as `METHOD /api/v1/path` with the description's placeholders."""
    described = sojourn_api.get_openapi_schema(path_prefix=API_PREFIX)["paths"]
    return tuple(f"{method.upper()} {path}" for path, ops in described.items() for method in ops)


def _is_admin(route: Route) -> bool:
    return route.namespace.partition(":")[0] == "admin"


@functools.cache
def named_routes() -> dict[str, Route]:
    """The routes a row names: every URL but Django's admin and the API's operations."""
    described = {operation.partition(" ")[2] for operation in operations()}
    return {
        route.name or route.pattern: route
        for route in all_routes()
        if not _is_admin(route) and route.openapi_path not in described
    }


def _template(route: str, pattern: str) -> str:
    """A row to paste into the table, its question marks to be answered."""
    blank = "    ".join("?" * len(ROLES))
    if route.partition(" ")[0] in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
        return f'    api("{route}", "<target>", "{blank}"),'
    return f'    web("{route}", GET, "<target>", "{blank}"),  # {pattern}'


# The probes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    body: bytes

    @property
    def outcome(self) -> str:
        if self.status == 401 or (self.status in REDIRECTS and _to_sign_in(self.location)):
            return "L"
        return {403: "F", 404: "N"}.get(self.status, "Y")

    def describe(self) -> str:
        where = f" to {self.location}" if self.location else ""
        return f"{self.status}{where}: {self.body[:300]!r}"


def _to_sign_in(location: str) -> bool:
    """A redirect to the sign-in page (or the admin's), asking to come back afterwards."""
    parts = urlsplit(location)
    sign_in = {resolve_url(settings.LOGIN_URL), reverse("admin:login")}
    return parts.path in sign_in and "next" in parse_qs(parts.query)


def _fill(value: Any, values: dict[str, int | str]) -> Any:
    if isinstance(value, str):
        whole = PLACEHOLDER.match(value)
        return values[whole[1]] if whole else value.format_map(values)
    if isinstance(value, dict):
        return {_fill(key, values): _fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    return value


def address(row: Row, world: World) -> str:
    values = world.targets[row.target].values
    if row.is_operation:
        path = row.url_name.partition(" ")[2].format_map(values)
    elif row.url_name == "admin":
        path = reverse("admin:index")
    else:
        route = named_routes()[row.url_name]
        path = reverse(row.url_name, kwargs={name: values[name] for name in route.parameters})
    query = _fill(row.query, values)
    return f"{path}?{query}" if query else path


def probe(row: Row, role: str, world: World) -> Answer:
    user = world.users[role]
    values = world.targets[row.target].values
    body = _fill(dict(row.body), values) if row.body is not None else None
    url = address(row, world)
    client = Client()
    if row.face == "api":
        headers = {} if user is None else {"Authorization": f"Bearer {world.api_secrets[role]}"}
        data = b"" if body is None else json.dumps(body)
        response = client.generic(
            row.method, url, data, content_type="application/json", headers=headers
        )
    else:
        if user is not None:
            client.force_login(user)
        if row.method == "GET":
            response = client.get(url)
        else:
            response = client.generic(
                row.method,
                url,
                _form_encoded(body or {}),
                content_type="application/x-www-form-urlencoded",
            )
    return _answer(response)


def _form_encoded(body: dict[str, Any]) -> str:
    return urlencode({key: str(value) for key, value in body.items()})


def _answer(response: HttpResponseBase) -> Answer:
    content = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content  # type: ignore[attr-defined]
    )
    return Answer(response.status_code, response.get("Location", ""), content)


# Fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    """Built once for the module, rolled back after its last test."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=hashers):
            built = build_world(make_cast())
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def at_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """The probes happen at the world's `NOW`: signed in then, tokens valid then."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _cells() -> list[Any]:
    return [pytest.param(row, role, id=f"{row.route}|{role}") for row in ROWS for role in ROLES]


# The tests ------------------------------------------------------------------------------------


def test_every_route_has_a_row() -> None:
    """Every URL name (Django's admin aside) and every API operation has a row, and every row
    names a route that exists: a new route without its row fails here, saying what to add."""
    rows = {row.url_name for row in ROWS}
    routes = named_routes()
    unnamed = sorted(key for key, route in routes.items() if route.name is None)
    wanted = {key: route.pattern for key, route in routes.items() if route.name is not None}
    wanted |= {operation: operation for operation in operations()}
    missing = sorted(set(wanted) - rows)
    admin_known = any(_is_admin(route) for route in all_routes())
    stale = sorted(rows - set(wanted) - ({"admin"} if admin_known else set()))
    problems = []
    if unnamed:
        problems.append(
            "These URL patterns have no name; name them (path(..., name=...)) and add a row:\n"
            + "\n".join(f"    {pattern}" for pattern in unnamed)
        )
    if missing:
        problems.append(
            f"{len(missing)} route(s) have no row in the access matrix. Add a row for each to "
            f"WEB (a URL name) or API (an operation) in {MATRIX_FILE}: the method it is probed "
            "with (and a body that passes its form or schema, for a POST), the target it acts "
            "on (one of matrix_world's targets; add one if none fits), and, in place of each ?, "
            f"what each role ({', '.join(ROLES)}) should get: "
            + ", ".join(f"{letter} {meaning}" for letter, meaning in OUTCOMES.items())
            + ".\n"
            + "\n".join(_template(key, wanted[key]) for key in missing)
        )
    if stale:
        problems.append(
            f"These rows of {MATRIX_FILE} name a route that no longer exists; remove or rename "
            "them:\n" + "\n".join(f"    {key}" for key in stale)
        )
    assert not problems, "\n\n".join(problems)


def test_the_table_is_well_formed() -> None:
    keys = [row.route for row in ROWS]
    assert len(keys) == len(set(keys)), "a route has two rows"
    for row in ROWS:
        assert set(row.outcomes.values()) <= set(OUTCOMES), row.route
        signed_in = [row.outcomes[role] for role in ROLES[1:]]
        assert "L" not in signed_in or set(signed_in) == {"L"}, (
            f"{row.route}: only Django's admin sends a signed-in person to sign in"
        )


@pytest.mark.parametrize(("row", "role"), _cells())
def test_each_role_gets_what_the_table_says(
    row: Row, role: str, world: World, db: None, at_now: None
) -> None:
    """One cell of the table: the route, probed as the role, answers as the table says."""
    answer = probe(row, role, world)
    expected = row.outcomes[role]
    assert answer.outcome == expected, (
        f"{row.method} {address(row, world)} as {role}: the table says {OUTCOMES[expected]}, "
        f"the app answered {answer.describe()}"
    )


@pytest.mark.parametrize("row", [pytest.param(row, id=row.route) for row in ROWS])
def test_denied_answers_never_contain_the_object(
    row: Row, world: World, db: None, at_now: None
) -> None:
    """GIVEN the owner's objects, each carrying a marker (a trip title, a debrief summary, a
    check-in's city and note, a deviation's reason, an invitation's event, an emergency
    contact, an advisory's text) WHEN each role the row denies (and each role that may see
    none of the owner's objects) makes the request THEN no answer contains any marker."""
    leaks = []
    for role in ROLES:
        denied = row.outcomes[role] != "Y"
        stranger = role in STRANGERS and not row.credential
        if not (denied or stranger):
            continue
        with transaction.atomic():
            answer = probe(row, role, world)
            transaction.set_rollback(True)
        shown = answer.body.decode("utf-8", "replace") + answer.location
        if MARKER in shown:
            found = sorted(set(re.findall(rf"{MARKER}-[A-Z]+", shown)))
            leaks.append(f"{role} ({answer.status}): {', '.join(found)}")
    assert not leaks, f"{row.method} {address(row, world)} shows the owner's data to " + "; ".join(
        leaks
    )


# Where each marker shows, to a role allowed to read it: the control of the test above.
SHOWN = [
    ("trip-detail", "owner", w.TRIP_TITLE),
    ("trip-debrief", "owner", w.DRAFT_SUMMARY),
    ("console:debrief-review", "officer", w.DEBRIEF_SUMMARY),
    ("console:debrief-review", "auditor", w.COUNTERPART),
    ("GET /api/v1/trips/{trip_id}/checkins", "officer", w.CHECKIN_CITY),
    ("GET /api/v1/trips/{trip_id}/checkins", "oversight", w.CHECKIN_NOTE),
    ("trip-deviation-result", "owner", w.DEVIATION_REASON),
    ("invitation-detail", "officer", w.INVITATION_EVENT),
    ("account", "owner", w.EMERGENCY_CONTACT),
    ("GET /api/v1/directives/{directive_id}", "auditor", w.ADVISORY_TEXT),
    ("GET /api/v1/contact-reports/{contact_report_id}", "officer", w.CONTACT_NARRATIVE),
    ("contact-report-detail", "officer", w.CONTACT_NARRATIVE),
    ("contact-detail", "owner", w.CONTACT_NARRATIVE),
]


def test_every_marker_is_there_to_be_found(world: World, db: None, at_now: None) -> None:
    """The markers are real: each shows to a role that may read it, so their absence from the
    denied answers means something."""
    assert {marker for _route, _role, marker in SHOWN} == set(w.MARKERS)
    rows = {row.route: row for row in ROWS}
    for route, role, marker in SHOWN:
        with transaction.atomic():
            answer = probe(rows[route], role, world)
            transaction.set_rollback(True)
        assert answer.outcome == "Y", (route, role)
        assert marker in answer.body.decode(), f"{route} as {role} does not show {marker}"


@pytest.mark.parametrize("name", ["feed-trips", "checkin-link"])
def test_a_forged_secret_opens_nothing(name: str, world: World, db: None, at_now: None) -> None:
    """An address whose secret is wrong answers the same refusal to everyone, signed in or not,
    and shows nothing of the owner's."""
    parameter = named_routes()[name].parameters[0]
    url = reverse(name, kwargs={parameter: "forged-" + "x" * 40})
    answers = {}
    for role, user in world.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        answers[role] = _answer(client.get(url))
    assert {answer.status for answer in answers.values()} < {400, 404}, answers
    for role, answer in answers.items():
        assert MARKER not in answer.body.decode("utf-8", "replace"), role
