"""Every API operation that takes a body, read from the OpenAPI description, given bodies it
cannot accept.

An operation added to the API is covered without a line here: each is sent a body over the size
limit (413), a body of the wrong JSON type (422 naming `body`), one that is not JSON (400), a
field of the wrong JSON type (422 naming it: nothing is coerced), and a NUL character in each of
its texts (422 naming each field), always as problem+json and never a server error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from sojourn.api.tests.conftest import ApiFor, api_clock, api_for
from sojourn.conftest import Cast
from sojourn.security.tests.api_examples import (
    PREFIX,
    TOKENS,
    WITH_BODY,
    body_schema,
    problem_fields,
    resolve,
)
from sojourn.security.tests.hostile import stored

__all__ = ["api_clock", "api_for"]  # the API tests' fixtures, used here by name


def _concrete(path: str) -> str:
    """Any id will do: a body is read (and refused) before the object is looked up."""
    return re.sub(r"\{\w+_id\}", "1", path)


# Bodies the API cannot read ---------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), WITH_BODY)
def test_a_body_over_the_size_limit_is_refused_unread(
    cast: Cast, api_for: ApiFor, api_clock: Any, method: str, path: str
) -> None:
    client = api_for(cast.oversight)
    before = stored(leave_out=TOKENS)
    oversized = {"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}

    answer = client.call(method, _concrete(path), oversized)

    problem_fields(answer, 413)
    assert "too large" in answer.json["detail"]
    assert stored(leave_out=TOKENS) == before


@pytest.mark.parametrize("raw", [b"[]", b'"a trip"', b"42", b"null", b"true"])
@pytest.mark.parametrize(("method", "path"), WITH_BODY)
def test_a_body_of_the_wrong_json_type_names_the_body(
    cast: Cast, api_for: ApiFor, api_clock: Any, method: str, path: str, raw: bytes
) -> None:
    answer = api_for(cast.oversight).call(method, _concrete(path), raw=raw)

    assert "body" in problem_fields(answer, 422)


@pytest.mark.parametrize(
    "raw", [b'{"title": ', b"{'title': 'single quotes'}", b"\xff\xfe{}", b"[" * 100_000]
)
@pytest.mark.parametrize(("method", "path"), WITH_BODY)
def test_a_body_that_is_not_json_is_a_bad_request(
    cast: Cast, api_for: ApiFor, api_clock: Any, method: str, path: str, raw: bytes
) -> None:
    answer = api_for(cast.oversight).call(method, _concrete(path), raw=raw)

    assert "body" in problem_fields(answer, 400)
    assert "JSON" in answer.json["detail"]


def _texts(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(field, value) for each text of a body: a NUL inside every string, nested rows too."""
    for name, field in schema.get("properties", {}).items():
        field = resolve(field)
        where = f"{prefix}{name}"
        if field.get("type") == "string" and "enum" not in field and "format" not in field:
            yield where, "a\x00b"
        elif field.get("type") == "array":
            items = resolve(field["items"])
            if items.get("type") == "string":
                yield where, ["a\x00b"]
            elif items.get("properties"):
                row = dict(_texts(items))
                yield from ((f"{where}[0].{key}", row) for key in row if "." not in key)


def _nul_body(schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    body: dict[str, Any] = {}
    names: set[str] = set()
    for where, value in _texts(schema):
        names.add(where)
        top = where.split("[", 1)[0]
        body[top] = [value] if "[0]." in where else value
    return body, names


@pytest.mark.parametrize(("method", "path"), WITH_BODY)
def test_a_nul_character_in_any_text_is_refused_by_name(
    cast: Cast, api_for: ApiFor, api_clock: Any, method: str, path: str
) -> None:
    """No database stores a NUL (PostgreSQL refuses it with an error); every text field of
    every body names it, nested rows included, instead of a server error."""
    body, names = _nul_body(body_schema(method, path))
    if not names:
        pytest.skip(f"{method} {path} takes no text")
    client = api_for(cast.oversight)
    before = stored(leave_out=TOKENS)

    fields = problem_fields(client.call(method, _concrete(path), body), 422)

    refused = {name for name, message in fields.items() if "Null characters" in message}
    assert names <= refused, names - refused
    assert stored(leave_out=TOKENS) == before


@pytest.mark.parametrize(
    "query", ["trips?q=a%00b", "trips?tier=a%00b", "people?q=a%00b", "policies?pack_id=a%00b"]
)
def test_a_nul_character_in_a_query_string_is_refused_by_name(
    cast: Cast, api_for: ApiFor, api_clock: Any, query: str
) -> None:
    path, _sep, parameter = query.partition("?")
    answer = api_for(cast.oversight).call("GET", f"{PREFIX}{path}?{parameter}")

    name = parameter.split("=")[0]
    assert "Null characters" in problem_fields(answer, 422)[name]


# A field of the wrong JSON type -----------------------------------------------------------------

# Values a lax reader would coerce: a number into a text or a date (1 January 1970), digits into
# a number, 1 or "yes" into true. A client that sent them meant something else.
WRONG = {"string": 42, "integer": "42", "boolean": "yes", "array": "one", "object": []}
WRONG_FORMAT = {"date": 0, "date-time": 0}


def _typed_fields(schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(field, a value of another JSON type) for each top-level field with one declared type."""
    for name, field in schema.get("properties", {}).items():
        field = resolve(field)
        if field.get("format") in WRONG_FORMAT:
            yield name, WRONG_FORMAT[field["format"]]
        elif field.get("type") in WRONG:
            yield name, WRONG[field["type"]]


@pytest.mark.parametrize(("method", "path"), WITH_BODY)
def test_each_field_of_the_wrong_json_type_is_named(
    cast: Cast, api_for: ApiFor, api_clock: Any, method: str, path: str
) -> None:
    """A text where a number goes, words where a date or a flag goes, one value where a list
    goes: each field is named, not coerced (a number is not a title, "yes" is not true)."""
    wrong = dict(_typed_fields(body_schema(method, path)))
    if not wrong:
        pytest.skip(f"{method} {path} has no typed field")
    client = api_for(cast.oversight)

    fields = problem_fields(client.call(method, _concrete(path), wrong), 422)

    assert set(wrong) <= set(fields), set(wrong) - set(fields)
