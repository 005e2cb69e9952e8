"""On a phone, in a real browser: a traveller abroad checks in, asks for help, reports a change
of plan, and once home files a detailed debrief; then looks at their account.

Screenshots of each page go to var/screenshots/ for anyone to look at.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from sojourn.care.models import CheckIn, Deviation, Escalation
from sojourn.conftest import PASSWORD, Cast
from sojourn.debriefs.models import Debrief
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Trip
from sojourn.web.tests import conftest as web

pytestmark = pytest.mark.browser

# The shared Playwright fixtures of the web tests (a headless Chromium per module, a fresh
# context per test), used here under the same names.
browser = web.browser
page = web.page

DAY = datetime.timedelta(days=1)
SCREENSHOTS = settings.VAR_DIR / "screenshots"


@pytest.fixture
def phone(page: Page, live_server: LiveServer) -> Iterator[Page]:
    """The page at an iPhone-sized viewport; every request it makes is recorded."""
    page.set_viewport_size({"width": 375, "height": 812})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield page
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert foreign == [], f"the pages asked other hosts for {foreign}"


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Page, base: str, user: User, target: str) -> None:
    page.goto(f"{base}{target}")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}{target}")


def test_a_traveller_abroad_checks_in_reports_a_change_and_files_a_detailed_debrief(
    live_server: LiveServer, phone: Page, cast: Cast, now: datetime.datetime, view_clock
) -> None:
    """GIVEN a robotics engineer in San Francisco on a restricted trip
    WHEN they check in, ask for help (confirmed), report a side trip to Toronto, and after
    their return fill a detailed debrief with a meeting and an incident, save it and submit it
    THEN each step is recorded: an ok and an urgent need-help check-in, a deviation, a
    submitted debrief with both rows, and the trip debriefed."""
    engineer = builders.traveller("engineer", organisation=cast.robo)
    trip = builders.under_way(
        engineer,
        now,
        reviewers=[cast.other_officer, cast.oversight],
        itinerary=builders.summit(),
    )
    start, end = trip.starts_on, trip.ends_on
    assert start is not None
    assert end is not None
    view_clock(builders.at(start + DAY, 8))
    base = live_server.url

    # Check in: "I am safe" records at once.
    log_in(phone, base, engineer, f"/trips/{trip.pk}/checkin/")
    expect(phone.get_by_role("heading", name="Check in", exact=True)).to_be_visible()
    safe = phone.get_by_role("button", name="I am safe")
    expect(safe).to_have_class("button button--large")
    box = safe.bounding_box()
    assert box is not None
    assert box["width"] > 300  # the width of the phone, less the margins
    assert box["height"] >= 56  # thumb-sized
    shoot(phone, "checkin-phone")
    safe.click()
    expect(phone.get_by_text("Thank you: you are checked in.")).to_be_visible()
    assert CheckIn.objects.filter(trip=trip, status="ok", country="US").count() == 1

    # "I need help" asks first (htmx swaps the panel), then records an urgent alert.
    phone.get_by_role("button", name="I need help").click()
    expect(phone.get_by_role("heading", name="Do you need help?")).to_be_visible()
    expect(phone.get_by_role("heading", name="Do you need help?")).to_be_focused()
    assert not CheckIn.objects.filter(status="need_help").exists()
    phone.get_by_label("Note (optional)").fill("Held at the airport for questioning.")
    shoot(phone, "checkin-help-confirm")
    phone.get_by_role("button", name="Yes, I need help: alert them now").click()
    expect(phone.get_by_text("Your call for help has been sent")).to_be_visible()
    help_call = CheckIn.objects.get(trip=trip, status="need_help")
    assert help_call.note == "Held at the airport for questioning."
    assert Escalation.objects.get(trip=trip, kind="need_help").urgent is True

    # A change of plan: two days in Toronto.
    phone.get_by_role("link", name="Plans changed? Report a deviation").click()
    expect(phone.get_by_role("heading", name="Report a deviation")).to_be_visible()
    phone.get_by_label("Country").select_option("CA")
    phone.get_by_label("City (optional)").fill("Toronto")
    phone.get_by_label("From").fill(str(start + 2 * DAY))
    phone.get_by_label("Until").fill(str(start + 3 * DAY))
    phone.get_by_label("Why did the plan change?").fill("A partner asked to meet in Toronto.")
    phone.get_by_role("button", name="Report the change").click()
    expect(phone.get_by_role("heading", name="Deviation recorded")).to_be_visible()
    expect(phone.get_by_text("Toronto, CA")).to_be_visible()
    shoot(phone, "deviation")
    assert Deviation.objects.get(trip=trip).country == "CA"

    # Home again, days later (signed in anew: the session ran out); the debrief is detailed.
    home = builders.at(end + 3 * DAY, 20)
    trip = services.return_home(Trip.objects.get(pk=trip.pk), actor=engineer, now=home)
    view_clock(home + DAY)
    log_in(phone, base, engineer, f"/trips/{trip.pk}/debrief/")
    expect(phone.get_by_text("This trip needs a detailed debrief.")).to_be_visible()
    phone.get_by_label("Summary of activities").fill(
        "Presented our benchmark at the standards meeting; visited a partner in Toronto."
    )
    phone.get_by_label("Person").fill("J. Smith")
    phone.locator("#id_meetings-0-organisation").fill("NIST")
    phone.locator("#id_meetings-0-country").select_option("US")
    phone.get_by_label("Topics").fill("Benchmark methodology")
    phone.get_by_label("Sensitive subjects came up").check()

    # Rows come and go without a page load (htmx), keeping what was typed.
    phone.get_by_role("button", name="Add a meeting").click()
    # htmx swaps the rows in and may move focus: type only once it has settled.
    phone.wait_for_load_state("networkidle")
    expect(phone.locator("#id_meetings-1-counterpart")).to_be_focused()
    phone.get_by_role("button", name="Remove meeting 2").click()
    expect(phone.get_by_role("group", name="Meeting 2")).to_have_count(0)
    expect(phone.locator("#id_meetings-0-counterpart")).to_have_value("J. Smith")
    phone.get_by_role("button", name="Add an incident").click()
    # htmx swaps the rows in and may move focus: type only once it has settled.
    phone.wait_for_load_state("networkidle")
    expect(phone.locator("#id_incidents-0-kind")).to_be_focused()
    phone.locator("#id_incidents-0-kind").select_option("questioning")
    phone.locator("#id_incidents-0-occurred_on").fill(str(start + DAY))
    phone.locator("#id_incidents-0-country").select_option("US")
    phone.get_by_label("What happened").fill("Asked at entry about my lab's funding.")

    phone.get_by_role("button", name="Save draft").click()
    expect(phone.get_by_text("Your draft has been saved.")).to_be_visible()
    expect(phone.locator("#id_meetings-0-counterpart")).to_have_value("J. Smith")
    shoot(phone, "debrief")
    assert Debrief.objects.get(trip=trip).status == "draft"

    phone.get_by_role("button", name="Submit", exact=True).click()
    expect(phone.get_by_text("Your debrief has been submitted")).to_be_visible()
    debrief = Debrief.objects.get(trip=trip)
    assert debrief.status == "submitted"
    assert debrief.meetings.get().counterpart == "J. Smith"
    assert debrief.incidents.get().kind == "questioning"
    assert Trip.objects.get(pk=trip.pk).status == "debriefed"

    # The account page, on the same phone.
    phone.goto(f"{base}/account/")
    phone.get_by_label("Emergency contact", exact=True).fill("Wang Fang")
    phone.get_by_label("Emergency contact phone").fill("+86 10 1234 5678")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Your profile has been saved.")).to_be_visible()
    expect(phone.get_by_role("link", name="Change your password")).to_be_visible()
    shoot(phone, "account")
    assert re.search(r"robotics|Robo", phone.content())
