"""In a real browser: the robotics company's security officer works through the console.

They filter the review queue by tier, open a restricted trip to the US, approve it with
conditions; a second officer who had the same trip open is refused with the stale-version
message; the officer then accepts a debrief. Screenshots of each page go to var/screenshots/.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from sojourn.conftest import PASSWORD, Cast
from sojourn.debriefs.models import DebriefStatus
from sojourn.testing import builders
from sojourn.trips.models import Review, Trip, TripStatus

pytestmark = pytest.mark.browser

DAY = datetime.timedelta(days=1)
SCREENSHOTS = settings.VAR_DIR / "screenshots"
DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=375, height=812)


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Page, base: str, user: User, target: str) -> None:
    page.goto(f"{base}{target}")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}{target}")


def fits_the_width(page: Page) -> bool:
    """Nothing makes the page wider than the screen (tables scroll inside their card)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.fixture
def desk(page: Page, live_server: LiveServer) -> Iterator[Page]:
    """The officer's page on a laptop-sized screen; every request it makes is recorded."""
    page.set_viewport_size(DESKTOP)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield page
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert foreign == [], f"the pages asked other hosts for {foreign}"


@pytest.fixture
def robotics(cast: Cast, now: datetime.datetime, view_clock) -> dict[str, Trip]:
    """GIVEN the robotics company on 2 March: an engineer's restricted trip to Boston in April
    (officer, then oversight), a standard trip to São Paulo reported three days ahead (a late
    report, so it is reviewed), another engineer abroad in Tokyo who missed a check-in, and a
    trip to Berlin in January whose detailed debrief waits for review."""
    engineer = builders.traveller("engineer", organisation=cast.robo)
    other = builders.traveller("designer", organisation=cast.robo)
    trips = {
        "boston": builders.submitted(
            engineer, now, builders.summit(title="Robotics summit in Boston")
        ),
        "sao_paulo": builders.submitted(
            engineer,
            now,
            builders.summit(
                title="Trade fair in São Paulo", country="BR", city="São Paulo", starts_in_days=3
            ),
        ),
    }
    robo_reviewers = [cast.other_officer, cast.oversight]
    tokyo = builders.under_way(
        other,
        now - 40 * DAY,
        reviewers=robo_reviewers,
        itinerary=builders.summit(
            title="Lab visit in Tokyo", country="JP", city="Tokyo", starts_in_days=38, days=10
        ),
    )
    builders.missed_checkins(tokyo)
    berlin = builders.returned(
        engineer,
        now - 70 * DAY,
        reviewers=robo_reviewers,
        itinerary=builders.summit(
            title="Standards meeting in Berlin",
            country="DE",
            city="Berlin",
            starts_in_days=35,
            days=3,
        ),
    )
    trips["berlin"] = builders.file_debrief(berlin)
    view_clock(now + datetime.timedelta(hours=2))
    return trips


def test_officer_decides_a_trip_meets_a_stale_copy_and_accepts_a_debrief(
    live_server: LiveServer,
    desk: Page,
    browser: Browser,
    cast: Cast,
    robotics: dict[str, Trip],
) -> None:
    base = live_server.url
    boston = robotics["boston"]
    second_officer = builders.officer("second_officer", organisation=cast.robo)

    # The officer opens the queue: two trips, the earlier departure first.
    log_in(desk, base, cast.other_officer, "/review/")
    expect(desk.get_by_role("heading", name=re.compile("Review queue"))).to_be_visible()
    rows = desk.locator(".queue-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Trade fair in São Paulo")
    expect(rows.first).to_contain_text("Reported late")
    shoot(desk, "review-queue")

    # WHEN they filter by tier (htmx swaps the queue in place), only the restricted trip is left.
    desk.get_by_label("Tier").focus()
    desk.get_by_label("Tier").select_option("restricted")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Robotics summit in Boston")
    expect(desk).to_have_url(re.compile(r"/review/\?.*tier=restricted"))
    expect(desk.get_by_label("Tier")).to_be_focused()  # the swap keeps the keyboard's place

    # A second officer opens the same trip in their own browser, and leaves it open.
    other_context = browser.new_context(locale="en-GB", viewport=DESKTOP)
    other_page = other_context.new_page()
    log_in(other_page, base, second_officer, f"/review/{boston.pk}/")

    # The officer opens the trip: everything needed to decide.
    desk.get_by_role("link", name="Robotics summit in Boston").click()
    expect(desk).to_have_url(f"{base}/review/{boston.pk}/")
    main = desk.locator(".decision-layout__main")
    expect(main).to_contain_text("United States")
    expect(main).to_contain_text("The standards meeting votes in person only.")
    expect(main).to_contain_text("Remote attendance was refused by the organisers.")
    expect(main).to_contain_text("Security officer → Oversight")
    expect(desk.get_by_text("You decide the Security officer step.")).to_be_visible()
    desk.get_by_label("Approve").check()
    desk.get_by_label("Conditions").fill("Travel with a clean laptop; check in daily.")
    shoot(desk, "review-decision")
    desk.get_by_role("button", name="Record the decision").click()

    # THEN the trip goes on to oversight, with the conditions recorded.
    expect(desk).to_have_url(f"{base}/review/")
    expect(desk.get_by_text("You approved “Robotics summit in Boston”.")).to_be_visible()
    expect(desk.get_by_text("It now waits for the next step", exact=False)).to_be_visible()
    step = Review.objects.get(trip=boston, step="org_security")
    assert step.conditions == "Travel with a clean laptop; check in daily."
    assert step.reviewer == cast.other_officer

    # The second officer, on the old copy, denies: refused, told what changed, comment kept.
    other_page.get_by_label("Deny").check()
    other_page.get_by_label("Comment").fill("Too risky this month.")
    other_page.get_by_role("button", name="Record the decision").click()
    stale = other_page.locator("#stale")
    expect(stale).to_contain_text("The trip changed since you opened it")
    expect(stale).to_contain_text(f"You were deciding on version {boston.version}")
    expect(stale).to_contain_text("Other_officer: Approved (Security officer step)")
    expect(stale.get_by_role("link", name="Reload")).to_be_visible()
    expect(other_page.get_by_text("not yours to decide", exact=False)).to_be_visible()
    expect(other_page.locator(".typed")).to_contain_text("Too risky this month.")
    other_context.close()
    boston.refresh_from_db()
    assert boston.status == TripStatus.SUBMITTED  # waiting for oversight, not denied

    # The watch list: the engineer in Tokyo who missed a check-in, the late report.
    desk.get_by_role("link", name="Watch list").click()
    expect(desk.get_by_role("heading", name="Watch list", exact=False)).to_be_visible()
    expect(desk.locator("#escalations-title + .watch-items")).to_contain_text("Check-in missed")
    expect(desk.get_by_text("Lab visit in Tokyo").first).to_be_visible()
    shoot(desk, "watch-list")

    # The officer accepts the Berlin debrief.
    desk.get_by_role("link", name="Debriefs", exact=True).click()
    desk.get_by_role("link", name="Standards meeting in Berlin").click()
    expect(desk.get_by_text("Sensitive subjects came up")).to_be_visible()
    expect(desk.get_by_role("heading", name="Device inspection at a border")).to_be_visible()
    shoot(desk, "debrief-review")
    desk.get_by_label("Accept the debrief (the trip closes)").check()
    desk.get_by_role("button", name="Record the review").click()
    expect(desk).to_have_url(f"{base}/debriefs/")
    expect(
        desk.get_by_text("Debrief accepted: “Standards meeting in Berlin” is closed.")
    ).to_be_visible()
    berlin = Trip.objects.get(pk=robotics["berlin"].pk)
    assert berlin.status == TripStatus.CLOSED
    assert berlin.debrief.status == DebriefStatus.ACCEPTED

    # People: the engineer's record.
    desk.get_by_role("link", name="People", exact=True).click()
    desk.get_by_label("Name").fill("engin")
    expect(desk.locator("#people-results tbody tr")).to_have_count(1)
    shoot(desk, "people")
    desk.get_by_role("link", name="Engineer").click()
    expect(desk.get_by_role("heading", name="Compliance record")).to_be_visible()

    # On a phone the console still fits the screen.
    desk.set_viewport_size(PHONE)
    for path in ("/review/", f"/review/{boston.pk}/", "/watch/", "/debriefs/", "/people/"):
        desk.goto(f"{base}{path}")
        assert fits_the_width(desk), path
    desk.goto(f"{base}/review/{boston.pk}/")
    shoot(desk, "review-decision-phone")
