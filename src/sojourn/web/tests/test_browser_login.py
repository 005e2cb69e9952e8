"""A real browser logs in as the traveller, finds their trip on the home page, and logs out."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from sojourn.conftest import PASSWORD, Cast
from sojourn.testing import builders

pytestmark = pytest.mark.browser


def test_traveller_logs_in_sees_their_trip_and_logs_out(
    live_server: LiveServer, page: Page, cast: Cast, now: datetime.datetime
) -> None:
    builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Summit in Paris", purpose="conference", country="FR"),
    )

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.get_by_label("Username").fill("traveller")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="My trips")).to_be_visible()
    expect(page.get_by_role("link", name="Summit in Paris")).to_be_visible()
    expect(page.locator(".account__role")).to_have_text("Traveller")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", name="Log in to Sojourn")).to_be_visible()
