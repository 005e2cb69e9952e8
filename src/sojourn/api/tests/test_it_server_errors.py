"""A failure of the server's answers problem+json like every refusal: 500 with a request id and
no traceback, 503 while the database does not answer, 507 when its storage is full; the
OpenAPI description lists them."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import pytest
from django.db import OperationalError, connection

from sojourn.api.api import api
from sojourn.api.schemas.people import Me
from sojourn.api.tests.conftest import ApiFor

SECRET = "a-secret-only-the-log-may-hold"


def broken(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(SECRET)


def sqlite_full() -> OperationalError:
    """A real SQLITE_FULL, from a database capped at the pages it has, as Django wraps it."""
    capped = sqlite3.connect(":memory:")
    capped.execute("CREATE TABLE t (x)")
    capped.execute("PRAGMA max_page_count = 2")
    try:
        capped.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    except sqlite3.OperationalError as full:
        error = OperationalError(*full.args)
        error.__cause__ = full
        return error
    raise AssertionError("the capped database took every row")


@pytest.fixture
def cast_api(api_for: ApiFor, cast: Any) -> Any:
    return api_for(cast.traveller)


def test_an_unexpected_error_is_a_500_problem_with_a_request_id(cast_api, monkeypatch, caplog):
    monkeypatch.setattr(Me, "of", broken)
    with caplog.at_level(logging.ERROR, logger="sojourn.errors"):
        answer = cast_api.get("me")
    assert answer.status == 500
    assert answer.content_type == "application/problem+json"
    body = answer.json
    assert body["status"] == 500
    assert body["request_id"] == answer.headers["X-Request-Id"]
    assert body["request_id"] in body["detail"]
    assert SECRET not in answer.raw.decode()
    assert "Traceback" not in answer.raw.decode()
    logged = [r for r in caplog.records if body["request_id"] in r.getMessage()]
    assert logged
    assert logged[0].exc_info is not None


def test_a_request_id_the_proxy_sent_is_kept(cast_api, monkeypatch):
    monkeypatch.setattr(Me, "of", broken)
    answer = cast_api.call("GET", "me", headers={"X-Request-Id": "proxy-req-0123456789"})
    assert answer.json["request_id"] == "proxy-req-0123456789"


def test_a_database_that_does_not_answer_is_a_503(cast_api):
    def refuse(*args: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        answer = cast_api.get("trips")
    assert answer.status == 503
    assert answer.content_type == "application/problem+json"
    assert answer.headers["Retry-After"]
    assert "database" in answer.json["detail"]


def test_a_full_database_is_a_507(cast_api):
    full = sqlite_full()

    def refuse(*args: Any) -> Any:
        raise full

    with connection.execute_wrapper(refuse):
        answer = cast_api.get("trips")
    assert answer.status == 507
    assert answer.content_type == "application/problem+json"
    assert "nothing was saved" in answer.json["detail"]


def test_the_description_lists_the_servers_failures_on_every_operation():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert 500 in answers, (method, path)
            assert "application/problem+json" in answers[500]["content"]
            if operation["operationId"] != "get_liveness":
                assert 503 in answers, (method, path)
            assert (507 in answers) == (method in {"post", "put", "patch", "delete"})
