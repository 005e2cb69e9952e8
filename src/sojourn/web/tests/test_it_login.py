"""Logging in and out through the styled login page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.utils import override_settings

from sojourn.conftest import PASSWORD, Cast


def test_login_page_renders_the_form_and_the_local_demo_note(client: Client, db: None) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert "local demo deployment" in content


@override_settings(SOJOURN_ENV="production")
def test_login_page_has_no_demo_note_in_production(client: Client, db: None) -> None:
    content = client.get("/login/").content.decode()
    assert "local demo deployment" not in content


def test_good_credentials_land_on_home(client: Client, cast: Cast) -> None:
    response = client.post("/login/", {"username": "traveller", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    content = response.content.decode()
    assert "Welcome, Traveller" in content
    assert "My trips" in content


def test_bad_credentials_show_an_error_and_keep_the_username(client: Client, cast: Cast) -> None:
    response = client.post("/login/", {"username": "traveller", "password": "wrong"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "Please enter a correct username and password" in content
    assert 'value="traveller"' in content
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_returns_to_login(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("path", ["/", "/inbox/", "/trips/1/"])
def test_pages_ask_anonymous_visitors_to_log_in(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"
