"""The one stylesheet is found by Django's static files machinery, and the pages link it."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.test import Client

STYLESHEET = "sojourn/css/sojourn.css"


def test_the_stylesheet_is_found() -> None:
    assert finders.find(STYLESHEET) is not None


def test_the_app_serves_the_stylesheet_itself(client: Client) -> None:
    """The embedded default has no separate web server: WhiteNoise serves static files."""
    response = client.get(f"/static/{STYLESHEET}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"font-family" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_pages_link_the_stylesheet(client: Client, db: None) -> None:
    content = client.get("/login/").content.decode()
    assert f'<link rel="stylesheet" href="/static/{STYLESHEET}">' in content


FAVICON = "sojourn/img/favicon.svg"


def test_pages_link_the_favicon_which_is_served(client: Client, db: None) -> None:
    """GIVEN the vendored favicon WHEN a page is opened THEN its head links it as an SVG icon,
    and the address answers the image itself."""
    content = client.get("/login/").content.decode()
    assert f'<link rel="icon" href="/static/{FAVICON}" type="image/svg+xml">' in content

    response = client.get(f"/static/{FAVICON}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_usual_icon_address_leads_to_the_favicon(client: Client) -> None:
    """GIVEN a browser asking for /favicon.ico (as it does for a feed or a JSON answer) WHEN it
    follows the answer THEN it lands on the vendored icon, permanently."""
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == f"/static/{FAVICON}"
