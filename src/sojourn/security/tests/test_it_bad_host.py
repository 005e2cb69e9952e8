"""A request for a host Sojourn does not serve is a client's mistake (400), never a server error,
whether it asks for a page, a form or the API."""

from __future__ import annotations

import pytest
from django.test import Client

UNSERVED = "evil.example"


@pytest.mark.parametrize("path", ["/", "/login/", "/account/"])
def test_a_page_for_an_unserved_host_is_a_bad_request(db, path: str) -> None:
    client = Client(raise_request_exception=False)

    response = client.get(path, HTTP_HOST=UNSERVED)

    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_a_form_sent_to_an_unserved_host_is_a_bad_request(db) -> None:
    client = Client(raise_request_exception=False)

    response = client.post("/login/", {"username": "x", "password": "y"}, HTTP_HOST=UNSERVED)

    assert response.status_code == 400


def test_the_api_for_an_unserved_host_answers_a_problem(db) -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/trips", HTTP_HOST=UNSERVED)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
