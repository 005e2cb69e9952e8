"""A real browser files a trip to the US: the live assessment asks for necessity, the traveller
gives it, saves and submits; a form error keeps everything typed; an invitation is recorded and
declined. Screenshots of each main page go to var/screenshots/."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from sojourn.conftest import PASSWORD, Cast
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.testing.browser import TIMEOUT_MS
from sojourn.trips.models import Invitation, InvitationDecision, Trip, TripStatus
from sojourn.web.tests.conftest import browser as shared_browser

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"
DAY = datetime.timedelta(days=1)
browser = shared_browser  # the module-scoped Chromium of the web tests


@pytest.fixture
def robo_exec(cast: Cast) -> User:
    """An executive of the robotics company, so the seed pack (US and allies restricted) applies."""
    return builders.traveller("robo_exec", organisation=cast.robo, position=Position.EXECUTIVE)


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


def log_in(page: Page, live_server: LiveServer, username: str, then: str) -> None:
    page.goto(f"{live_server.url}{then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}{then}")


def in_days(days: int) -> str:
    return (timezone.localdate() + days * DAY).isoformat()


def test_a_trip_to_the_us_asks_for_necessity_then_is_submitted(
    live_server: LiveServer, page: Page, robo_exec: User
) -> None:
    """GIVEN a robotics executive on the new-trip page
    WHEN they add a leg to Boston in two months
    THEN the live panel says Restricted (the tier's label), review, security officer → oversight,
    and the necessity
    fields appear; once filled in, the trip is saved and submitted and its page says Submitted."""
    log_in(page, live_server, "robo_exec", "/trips/new/")
    panel = page.locator("#assessment-panel")
    necessity = page.get_by_label("Why the trip is necessary")
    expect(panel).to_contain_text("Complete the legs to see the assessment")
    expect(necessity).to_be_hidden()
    shoot(page, "trip-new.png")

    page.get_by_label("Title").fill("Robotics expo in Boston")
    page.get_by_label("Purpose").select_option("conference")
    page.locator("#id_legs-0-country").select_option("US")
    page.locator("#id_legs-0-city").fill("Boston")
    page.locator("#id_legs-0-starts_on").fill(in_days(60))
    page.locator("#id_legs-0-ends_on").fill(in_days(64))
    page.locator("#id_legs-0-city").focus()  # leaving the date field fires its change

    expect(panel.locator(".assessment__tier")).to_have_text("Restricted")
    expect(panel.locator(".assessment__route")).to_have_text("Review")
    expect(panel.locator(".assessment__chain")).to_have_text("Security officer → Oversight")
    expect(panel).to_contain_text("necessity_missing")
    expect(necessity).to_be_visible()

    # A meeting row comes and goes through htmx, and what is typed in the legs stays.
    page.get_by_role("button", name="Add a meeting").click()
    # htmx swaps the rows in and may move focus: type only once it has settled.
    page.wait_for_load_state("networkidle")
    counterpart = page.locator("#id_meetings-0-counterpart")
    expect(counterpart).to_be_focused()
    counterpart.fill("Dr. Rivera")
    page.locator("#id_meetings-0-organisation").fill("MIT CSAIL")
    page.get_by_role("button", name="Add a leg").click()
    # htmx swaps the rows in and may move focus: type only once it has settled.
    page.wait_for_load_state("networkidle")
    expect(page.locator("#id_legs-1-country")).to_be_focused()
    page.get_by_role("button", name="Remove leg 2").click()
    expect(page.locator("#id_legs-1-country")).to_have_count(0)
    expect(page.locator("#id_legs-0-city")).to_have_value("Boston")
    shoot(page, "trip-assessment.png")

    necessity.fill("The only meeting of the year with our US research partner.")
    page.get_by_label("Alternatives considered").fill("A video call: the partner refused.")
    page.get_by_label("Title").focus()
    expect(panel).not_to_contain_text("necessity_missing")
    expect(necessity).to_be_visible()

    page.get_by_role("button", name="Save and submit").click()

    expect(page).to_have_url(re.compile(r"/trips/\d+/$"))
    expect(page.get_by_role("heading", name="Robotics expo in Boston")).to_be_visible()
    expect(page.locator(".page-header .badge--submitted")).to_have_text("Submitted")
    expect(page.locator(".flash")).to_contain_text("Trip submitted")
    expect(page.get_by_role("heading", name="Pre-travel briefing")).to_be_visible()
    shoot(page, "trip-page.png")
    trip = Trip.objects.get(traveller=robo_exec)
    assert trip.status == TripStatus.SUBMITTED
    assert trip.approvals == ["org_security", "oversight"]
    assert trip.meetings.get().counterpart == "Dr. Rivera"


def test_a_form_error_keeps_everything_typed_on_a_phone(
    live_server: LiveServer, page: Page, robo_exec: User
) -> None:
    """GIVEN the new-trip page on a 375 px phone
    WHEN a leg ends before it starts and the draft is saved
    THEN nothing is saved, the error is at the end date, and every value typed is still there."""
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "robo_exec", "/trips/new/")
    page.get_by_label("Title").fill("Summit in Paris")
    page.locator("#id_legs-0-country").select_option("FR")
    page.locator("#id_legs-0-city").fill("Paris")
    page.locator("#id_legs-0-starts_on").fill(in_days(40))
    page.locator("#id_legs-0-ends_on").fill(in_days(38))
    page.locator("#id_legs-0-transit").check()
    page.get_by_role("button", name="Add a meeting").click()
    # htmx swaps the rows in and may move focus: type only once it has settled.
    page.wait_for_load_state("networkidle")
    page.locator("#id_meetings-0-counterpart").fill("Mme Dupont")
    page.locator("#id_meetings-0-topics").fill("Safety standards")

    page.get_by_role("button", name="Save draft", exact=True).last.click()

    end = page.locator("#id_legs-0-ends_on")
    expect(page.locator("#id_legs-0-ends_on_error")).to_have_text(
        "The leg cannot end before it starts."
    )
    expect(end).to_have_attribute("aria-describedby", "id_legs-0-ends_on_error")
    expect(page.get_by_role("alert").first).to_contain_text("correct what is marked below")
    expect(page.get_by_label("Title")).to_have_value("Summit in Paris")
    expect(page.locator("#id_legs-0-country")).to_have_value("FR")
    expect(page.locator("#id_legs-0-city")).to_have_value("Paris")
    expect(page.locator("#id_legs-0-starts_on")).to_have_value(in_days(40))
    expect(end).to_have_value(in_days(38))
    expect(page.locator("#id_legs-0-transit")).to_be_checked()
    expect(page.locator("#id_meetings-0-counterpart")).to_have_value("Mme Dupont")
    expect(page.locator("#id_meetings-0-topics")).to_have_value("Safety standards")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"
    shoot(page, "trip-form-error-phone.png")
    assert not Trip.objects.exists()


def test_an_invitation_is_recorded_pre_assessed_and_declined(
    live_server: LiveServer, page: Page, robo_exec: User
) -> None:
    """GIVEN a robotics executive invited to a conference in the US
    WHEN they record it, read its pre-assessment and decline it with a reason
    THEN it is declined with the reason on its page."""
    log_in(page, live_server, "robo_exec", "/invitations/new/")
    page.get_by_label("Event").fill("World Robot Conference")
    page.get_by_label("Host organisation").fill("RoboCorp")
    page.locator("#id_country").select_option("US")
    page.get_by_label("City").fill("Boston")
    page.get_by_label("Starts on").fill(in_days(50))
    page.get_by_label("Ends on").fill(in_days(52))
    page.get_by_label("Who pays for the travel and stay").select_option("host")
    page.get_by_role("button", name="Record the invitation").click()

    expect(page).to_have_url(re.compile(r"/invitations/\d+/$"))
    panel = page.locator(".assessment")
    expect(panel.locator(".assessment__tier")).to_have_text("Restricted")
    expect(panel.locator(".assessment__chain")).to_have_text("Security officer → Oversight")
    shoot(page, "invitation.png")

    page.get_by_label("Why you decline").fill("Not necessary: a partner presents our work.")
    page.get_by_role("button", name="Decline the invitation").click()

    expect(page.locator(".flash")).to_contain_text("Invitation declined.")
    expect(page.locator(".page-header .badge")).to_have_text("Declined")
    invitation = Invitation.objects.get()
    assert invitation.decision == InvitationDecision.DECLINED
    page.goto(f"{live_server.url}/invitations/")
    expect(page.get_by_role("link", name="World Robot Conference")).to_be_visible()
    shoot(page, "invitation-list.png")
