"""Hardened headers: a strict CSP everywhere, no-store on signed-in pages, the usual others."""

from __future__ import annotations

from django.test import Client

from sojourn.conftest import PASSWORD


def _signed_in(user) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    policy: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in header.split(";"))):
        name, _, value = part.partition(" ")
        policy[name] = value
    return policy


def test_every_page_has_a_strict_content_security_policy(cast):
    response = _signed_in(cast.traveller).get("/")
    policy = _policy(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_login_page_has_it_too(db):
    response = Client().get("/login/")
    assert response.status_code == 200
    assert _policy(response)["script-src"] == "'self'"


def test_only_the_api_docs_page_relaxes_inline_styles(db):
    response = Client().get("/api/v1/docs")
    assert "'unsafe-inline'" in _policy(response)["style-src"]
    assert _policy(response)["script-src"] == "'self'"


def test_signed_in_pages_are_never_stored(cast):
    response = _signed_in(cast.traveller).get("/")
    assert "no-store" in response["Cache-Control"]


def test_api_answers_are_never_stored(db):
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert "no-store" in response["Cache-Control"]


def test_other_hardening_headers(cast):
    response = _signed_in(cast.traveller).get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
