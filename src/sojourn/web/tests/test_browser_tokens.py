"""A real browser creates a personal access token on the account page, sees it once, revokes it
after confirming, and makes a calendar address. Screenshots go to var/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from sojourn.conftest import NOW, PASSWORD, Cast
from sojourn.security import tokens
from sojourn.security.models import AccessToken
from sojourn.testing.browser import TIMEOUT_MS
from sojourn.web.tests import conftest as web

pytestmark = pytest.mark.browser

SCREENSHOTS = settings.VAR_DIR / "screenshots"
browser = web.browser  # the module-scoped Chromium of the web tests


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh context per test, which fails the test if the page asks any other host."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    elsewhere: list[str] = []

    def watch(request: Request) -> None:
        if not request.url.startswith(live_server.url):
            elsewhere.append(request.url)

    context.on("request", watch)
    yield context.new_page()
    context.close()
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_a_traveller_creates_a_token_sees_it_once_and_revokes_it(
    live_server: LiveServer, page: Page, cast: Cast
) -> None:
    """GIVEN the traveller on their account page
    WHEN they create a read-and-write token for 30 days
    THEN the page shows it once and it works; after a reload only its prefix shows; revoking it
    asks for confirmation and then refuses it; a calendar address is made and shown once."""
    page.goto(f"{live_server.url}/account/")
    page.get_by_label("Username").fill("traveller")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/account/")
    expect(page.get_by_text("You have no tokens.")).to_be_visible()

    page.get_by_label("Name", exact=True).fill("HR sync")
    page.get_by_label("Read and write").check()
    page.get_by_label("Expires after (days)").fill("30")
    page.get_by_role("button", name="Create the token").click()

    shown = page.get_by_label("Token", exact=True)
    expect(shown).to_be_visible()
    secret = shown.input_value()
    assert secret.startswith(tokens.TOKEN_PREFIX)
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    made = tokens.authenticate(secret, now=NOW)
    assert made is not None
    assert made.scope == "write"
    shown.scroll_into_view_if_needed()
    shoot(page, "account-tokens.png")
    page.set_viewport_size({"width": 375, "height": 812})
    shoot(page, "account-tokens-phone.png")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/account/")
    expect(page.get_by_label("Token", exact=True)).to_have_count(0)
    expect(page.get_by_role("cell", name=f"{made.prefix}…")).to_be_visible()
    assert secret not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile(r"^Revoke\s+HR sync$")).click()
    expect(page.get_by_text("The token “HR sync” is revoked")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Revoked on \d{4}-\d\d-\d\d"))).to_be_visible()
    assert AccessToken.objects.get().revoked_at is not None

    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Calendar address")
    expect(address).to_have_value(re.compile(r"/feeds/[\w-]+/trips\.ics$"))
    path = address.input_value().split("://", 1)[1].split("/", 1)[1]
    feed = page.request.get(f"{live_server.url}/{path}")
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    shoot(page, "account-feed.png")
