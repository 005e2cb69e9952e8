"""Walking the demo world by hand, page by page, as each of its people.

The demo (`sojourn demo`) is what a reviewer opens first: every page its people reach from the
navigation, and every page their home page links to, must open (200) and render every variable it
names. Templates here render an invalid variable as a marker instead of "", so a typo or a missing
context value shows up as a failure instead of as a silent blank.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import LazySettings
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from sojourn.conftest import NOW
from sojourn.demo.world import DEMO_PASSWORD, PEOPLE, load_demo
from sojourn.people.access import role_of
from sojourn.people.models import Person
from sojourn.web.nav import MENUS, menu

INVALID = "INVALID_TEMPLATE_VAR"
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')
TRIP_PAGE = re.compile(r"/trips/\d+/")
# Links that leave the HTML pages: files, the API, the admin, downloads and the static files.
NOT_PAGES = ("/static/", "/api/", "/admin/", "/feeds/", "/exports/", "/i18n/", "/logout/")


@pytest.fixture
def strict_templates(settings: LazySettings) -> None:
    """Every template engine renders an unknown variable as INVALID, not as an empty string."""
    templates: list[dict[str, Any]] = copy.deepcopy(settings.TEMPLATES)
    for engine in templates:
        engine.setdefault("OPTIONS", {})["string_if_invalid"] = INVALID
    settings.TEMPLATES = templates  # the setting_changed signal rebuilds the engines


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The demo world as of NOW, loaded once for the module and rolled back after its last test
    (each test runs in its own savepoint inside it: what a walk writes, it writes for itself)."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=hashers):
            load_demo(NOW)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_world(demo_loaded: None, db: None, monkeypatch: pytest.MonkeyPatch) -> datetime.datetime:
    """The demo world, and pages that see NOW as the present."""
    monkeypatch.setattr(timezone, "now", lambda: NOW + datetime.timedelta(minutes=5))
    return NOW


def log_in(client: Client, username: str) -> None:
    response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not log in with the demo password"


def links(html: str) -> list[str]:
    found = (match.group(1).replace("&amp;", "&") for match in LINK.finditer(html))
    return [url for url in found if not url.startswith(NOT_PAGES)]


def check(client: Client, url: str, who: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{who}: GET {url} answered {response.status_code}"
    if "text/html" not in response.get("Content-Type", ""):
        return ""
    html = response.content.decode()
    assert INVALID not in html, f"{who}: {url} renders an unknown template variable: " + _near(html)
    return html


def _near(html: str) -> str:
    at = html.index(INVALID)
    return html[max(0, at - 200) : at + 60]


def walk(client: Client, start: list[str], *, steps: int, who: str) -> set[str]:
    """Open every page of `start`, then every page they link to, `steps` links deep."""
    seen = set(start)
    frontier = list(start)
    for _step in range(steps):
        following: list[str] = []
        for page in frontier:
            for url in links(check(client, page, who)):
                if url not in seen:
                    seen.add(url)
                    following.append(url)
        frontier = following
    for url in frontier:
        check(client, url, who)
    return seen


@pytest.mark.parametrize("username", [spec.username for spec in PEOPLE])
def test_every_page_two_steps_from_the_navigation_opens_too(
    client: Client, strict_templates: None, demo_world: datetime.datetime, username: str
) -> None:
    """GIVEN the demo world loaded
    WHEN one of its people logs in with the demo password and follows every link of every page
    of their navigation (their home among them: the trips it links to), and every link of those
    pages in turn (a review, a debrief, a person's record, a trip and its debrief or check-in,
    an invitation, a policy, the next page of a list)
    THEN each of those pages answers 200 and renders no unknown template variable."""
    log_in(client, username)
    role = role_of(Person.objects.select_related("user").get(user__username=username).user)
    assert role is not None
    assert role in MENUS
    nav = [item.url for item in menu(role, "/")]
    assert "/" in nav
    walk(client, nav, steps=2, who=username)


def test_the_home_pages_link_to_the_trips_of_the_stories(
    client: Client, strict_templates: None, demo_world: datetime.datetime
) -> None:
    """The walk above is only as good as the links it follows: the people with a story on their
    home page do link to its trips."""
    for username in ("founder", "exec", "researcher", "traveller", "officer-lab", "oversight"):
        client.logout()
        log_in(client, username)
        home = check(client, "/", username)
        trip_pages = [url for url in links(home) if TRIP_PAGE.fullmatch(url)]
        assert trip_pages, f"{username}'s home page links to no trip"
