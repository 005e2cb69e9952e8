"""Pages while the database fails: the sign-in page (which reads no table) is a 503 rather than
a 200 a monitor would trust; any page whose database fails says so (503), a full one says
nothing was saved (507), and a bug shows only a request id."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client

from sojourn.api.tests.test_it_server_errors import sqlite_full


def refuse(*args: Any) -> Any:
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def test_the_sign_in_page_is_a_503_while_the_database_does_not_answer(db, client):
    with connection.execute_wrapper(refuse):
        page = client.get("/login/")
    assert page.status_code == 503
    assert page["Retry-After"]
    assert "Its database is not answering" in page.content.decode()


def test_the_sign_in_page_answers_once_the_database_is_back(db, client):
    with connection.execute_wrapper(refuse):
        client.get("/login/")
    assert client.get("/login/").status_code == 200


def test_a_signed_in_page_whose_database_fails_is_a_503(cast, client):
    client.force_login(cast.traveller)
    with connection.execute_wrapper(refuse):
        page = client.get("/")
    assert page.status_code == 503
    assert "Nothing was saved" in page.content.decode()


def test_a_full_database_is_a_507_that_says_nothing_was_saved(cast, client):
    client.force_login(cast.traveller)
    full = sqlite_full()

    def refuse_full(*args: Any) -> Any:
        raise full

    with connection.execute_wrapper(refuse_full):
        page = client.get("/")
    assert page.status_code == 507
    assert "storage is full" in page.content.decode()


def test_a_bug_shows_a_request_id_and_no_traceback(cast, client, monkeypatch):
    from sojourn.web import views

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a-secret-only-the-log-may-hold")

    client.force_login(cast.traveller)
    monkeypatch.setattr(views, "render", broken)
    page = client.get("/")
    assert page.status_code == 500
    body = page.content.decode()
    assert page["X-Request-Id"] in body
    assert "a-secret-only-the-log-may-hold" not in body
