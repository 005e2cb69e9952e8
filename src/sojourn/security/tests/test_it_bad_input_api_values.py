"""Every API operation that takes a body, called validly but for its values: markup and
SQL-looking text in every free text come back exactly as sent (JSON is not HTML: the point is
that nothing breaks and nothing is mangled), and a date that does not exist, an end before its
start or an unknown country is refused naming the field, storing nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from sojourn.api.tests.conftest import ApiFor, api_clock, api_for
from sojourn.conftest import Cast
from sojourn.security.tests.api_examples import (
    EXAMPLES,
    TOKENS,
    WITH_BODY,
    body_schema,
    problem_fields,
    resolve,
)
from sojourn.security.tests.hostile import HOSTILE, SQL, stored

__all__ = ["api_clock", "api_for"]  # the API tests' fixtures, used here by name


FREE_TEXT_MIN = 100  # shorter texts are codes and names of things (a country, a tier, a step)


def test_every_operation_with_a_body_has_an_example() -> None:
    assert set(WITH_BODY) == set(EXAMPLES)


def _free_texts(schema: dict[str, Any], body: Any, grammar: tuple[str, ...]) -> Iterator[str]:
    """The paths, in `body`, of the free texts the schema describes (rows included)."""
    for name, field in schema.get("properties", {}).items():
        field = resolve(field)
        if name not in body or name in grammar:
            continue
        kind = field.get("type")
        if kind == "string" and "enum" not in field and "format" not in field:
            if field.get("maxLength", FREE_TEXT_MIN) >= FREE_TEXT_MIN:
                yield name
        elif kind == "array" and resolve(field["items"]).get("properties"):
            for index, row in enumerate(body[name]):
                for inner in _free_texts(resolve(field["items"]), row, grammar):
                    yield f"{name}.{index}.{inner}"


def _put(body: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target: Any = body
    for part in parents:
        target = target[int(part)] if part.isdecimal() else target[part]
    target[last] = value


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@pytest.mark.parametrize("text", [HOSTILE, *SQL])
@pytest.mark.parametrize(("method", "path"), WITH_BODY)
def test_markup_and_sql_in_every_free_text_come_back_as_sent(
    cast: Cast,
    api_for: ApiFor,
    api_clock: Any,
    now: datetime.datetime,
    method: str,
    path: str,
    text: str,
) -> None:
    """GIVEN a valid call whose every free text holds markup, or SQL
    WHEN it is made
    THEN it succeeds, and each text is stored and returned exactly as sent."""
    example = EXAMPLES[(method, path)]
    url, body = example.make(cast, now, api_clock)
    texts = list(_free_texts(body_schema(method, path), body, example.grammar))
    for where in texts:
        _put(body, where, text)
    client = api_for(User.objects.get(username=example.who))

    answer = client.call(method, url, body)

    assert 200 <= answer.status < 300, answer.raw[:1000]
    if example.stores and texts:
        shown = list(_strings(answer.json))
        if example.kept is not None:
            shown += example.kept(url)
        assert shown.count(text) >= len(texts), f"{len(texts)} texts sent: {texts}"


# Dates that do not exist, that end before they start, countries that do not exist ----------------

FEBRUARY_30 = "2026-02-30"
BEFORE = "2026-03-01"  # before every start the examples use

BAD_VALUES = [
    ("POST", "/api/v1/trips", "legs.0.starts_on", FEBRUARY_30, "legs[0].starts_on"),
    ("POST", "/api/v1/trips", "legs.0.ends_on", BEFORE, "legs[0].ends_on"),
    ("POST", "/api/v1/trips", "legs.0.country", "XX", "legs[0].country"),
    ("POST", "/api/v1/trips", "meetings.0.country", "ZZ", "meetings[0].country"),
    ("PATCH", "/api/v1/trips/{trip_id}", "legs.0.ends_on", BEFORE, "legs[0].ends_on"),
    ("POST", "/api/v1/assess", "legs.0.country", "XX", "legs[0].country"),
    ("POST", "/api/v1/invitations", "starts_on", FEBRUARY_30, "starts_on"),
    ("POST", "/api/v1/invitations", "ends_on", BEFORE, "ends_on"),
    ("POST", "/api/v1/invitations", "country", "XX", "country"),
    ("POST", "/api/v1/trips/{trip_id}/checkins", "country", "XX", "country"),
    ("POST", "/api/v1/trips/{trip_id}/deviations", "ends_on", BEFORE, "ends_on"),
    ("POST", "/api/v1/trips/{trip_id}/deviations", "starts_on", FEBRUARY_30, "starts_on"),
    ("POST", "/api/v1/trips/{trip_id}/deviations", "country", "XX", "country"),
    ("PUT", "/api/v1/trips/{trip_id}/debrief", "meetings.0.country", "XX", "meetings[0].country"),
    ("PUT", "/api/v1/trips/{trip_id}/debrief", "incidents.0.occurred_on", FEBRUARY_30, None),
    ("PUT", "/api/v1/trips/{trip_id}/debrief", "incidents.0.country", "XX", None),
    ("POST", "/api/v1/assess", "meetings.0.country", "ZZ", None),
    ("POST", "/api/v1/directives", "ends_on", BEFORE, "ends_on"),
    ("POST", "/api/v1/directives", "starts_on", FEBRUARY_30, "starts_on"),
    ("POST", "/api/v1/directives", "destinations", ["BR", "XX"], "destinations"),
]


@pytest.mark.parametrize(("method", "path", "where", "value", "field"), BAD_VALUES)
def test_impossible_dates_and_unknown_countries_are_refused_by_name(
    cast: Cast,
    api_for: ApiFor,
    api_clock: Any,
    now: datetime.datetime,
    method: str,
    path: str,
    where: str,
    value: Any,
    field: str | None,
) -> None:
    """GIVEN a valid call but for one date or country
    WHEN it is made
    THEN it is refused with 422 naming that field, and nothing is stored."""
    example = EXAMPLES[(method, path)]
    url, body = example.make(cast, now, api_clock)
    _put(body, where, value)
    client = api_for(User.objects.get(username=example.who))
    before = stored(leave_out=TOKENS)

    fields = problem_fields(client.call(method, url, body), 422)

    expected = field or where.replace(".0.", "[0].")
    assert expected in fields, fields
    assert stored(leave_out=TOKENS) == before
