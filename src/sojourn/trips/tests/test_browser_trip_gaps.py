"""In a real browser, on a phone-sized screen: a draft's invitation changed on its edit page, a
trip withdrawn with a reason that its page then shows, and a detailed debrief filed with "I held
no meetings" (stored, shown ticked again). Screenshots go to var/screenshots/."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, Request, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from sojourn.conftest import PASSWORD, Cast
from sojourn.debriefs.models import Debrief
from sojourn.testing import builders
from sojourn.testing.browser import TIMEOUT_MS
from sojourn.trips import invitations
from sojourn.trips.drafts import LegInput, TripInput, create_draft
from sojourn.trips.models import Invitation, Trip, TripStatus
from sojourn.web.tests.conftest import browser as shared_browser

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"
DAY = datetime.timedelta(days=1)
PHONE = ViewportSize(width=375, height=812)
browser = shared_browser  # the module-scoped Chromium of the web tests


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A phone-sized context per test, which fails the test if the page asks any other host."""
    context = browser.new_context(locale="en-GB", viewport=PHONE)
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


def invitation(cast: Cast, event: str, now: datetime.datetime) -> Invitation:
    return invitations.record(
        actor=cast.traveller,
        now=now,
        data=invitations.InvitationInput(
            event=event,
            host_organisation="Host",
            country="FR",
            city="Paris",
            starts_on=now.date() + 40 * DAY,
            ends_on=now.date() + 41 * DAY,
            paid_by="host",
            received_on=now.date(),
        ),
    )


def test_a_drafts_invitation_is_changed_on_its_edit_page(
    live_server: LiveServer, page: Page, cast: Cast
) -> None:
    """GIVEN a draft answering one invitation WHEN the traveller picks another on the edit page
    and saves THEN the trip page links to the other."""
    now = timezone.now()
    summit = invitation(cast, "AI Action Summit", now)
    forum = invitation(cast, "Robotics Forum", now)
    start = now.date() + 40 * DAY
    trip = create_draft(
        actor=cast.traveller,
        now=now,
        invitation=summit,
        data=TripInput(title="Paris", legs=[LegInput("FR", start, start + DAY, city="Paris")]),
    )
    log_in(page, live_server, "traveller", f"/trips/{trip.pk}/edit/")
    choice = page.get_by_label("Invitation this trip answers")
    expect(choice).to_have_value(str(summit.pk))

    choice.select_option(str(forum.pk))
    shoot(page, "trip-edit-invitation.png")
    page.get_by_role("button", name="Save draft").first.click()

    expect(page).to_have_url(f"{live_server.url}/trips/{trip.pk}/")
    expect(page.get_by_role("link", name="Robotics Forum")).to_be_visible()
    trip.refresh_from_db()
    assert trip.invitation_id == forum.pk


def test_a_trip_withdrawn_with_a_reason_shows_it(
    live_server: LiveServer, page: Page, cast: Cast
) -> None:
    """GIVEN a submitted trip WHEN the traveller withdraws it on a phone, giving a reason THEN the
    trip page says withdrawn and shows the reason."""
    trip = builders.submitted(
        cast.traveller, timezone.now(), builders.Itinerary(title="Workshop in Berlin")
    )
    log_in(page, live_server, "traveller", f"/trips/{trip.pk}/")

    page.get_by_role("link", name="Withdraw…").click()
    page.get_by_label("Reason (optional)").fill("The workshop moved online.")
    shoot(page, "trip-withdraw.png")
    page.get_by_role("button", name="Withdraw the trip").click()

    expect(page).to_have_url(f"{live_server.url}/trips/{trip.pk}/")
    expect(page.locator(".page-header")).to_contain_text("Withdrawn")
    summary = page.locator("#summary-title").locator("..")
    expect(summary).to_contain_text("Reason for withdrawal")
    expect(summary).to_contain_text("The workshop moved online.")
    shoot(page, "trip-withdrawn.png")
    trip.refresh_from_db()
    assert (trip.status, trip.withdraw_reason) == (
        TripStatus.WITHDRAWN,
        "The workshop moved online.",
    )


def test_a_detailed_debrief_is_filed_with_no_meetings(
    live_server: LiveServer, page: Page, cast: Cast
) -> None:
    """GIVEN a returned restricted trip (a detailed debrief) WHEN the engineer ticks "no
    meetings" and saves a draft THEN the box shows ticked when the page opens again, and the
    debrief submits."""
    engineer = builders.traveller("engineer", organisation=cast.robo)
    trip: Trip = builders.returned(
        engineer,
        timezone.now() - 60 * DAY,
        reviewers=[cast.other_officer, cast.oversight],
        itinerary=builders.summit(),
    )
    log_in(page, live_server, "engineer", f"/trips/{trip.pk}/debrief/")
    page.get_by_label("Summary of activities").fill("Presented at the standards meeting.")
    no_meetings = page.get_by_label("I held no meetings with foreign contacts on this trip")
    no_meetings.check()
    page.get_by_role("button", name="Save draft").first.click()

    expect(page).to_have_url(f"{live_server.url}/trips/{trip.pk}/debrief/")
    expect(no_meetings).to_be_checked()
    shoot(page, "debrief-no-meetings.png")
    page.get_by_role("button", name="Submit", exact=True).click()

    expect(page.locator(".flash")).to_contain_text("Your debrief has been submitted")
    debrief = Debrief.objects.get(trip=trip)
    assert debrief.no_meetings is True
    assert debrief.status == "submitted"
