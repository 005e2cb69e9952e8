"""A real browser at the oversight desk: a broken pack is refused with each problem at its place
and the text kept; once fixed, its what-if is previewed, it is issued, and its run's page
follows the worker to "done" by itself. The dashboard draws its charts; an auditor filters the
audit log and verifies the chain. Screenshots of each main page go to var/screenshots/."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from sojourn.audit.models import AuditEvent
from sojourn.conftest import PASSWORD, TEST_PACK, Cast
from sojourn.directives.jobs import finish_directive_runs
from sojourn.directives.models import PolicyVersion, ReassessmentRun, RunStatus
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.testing.browser import TIMEOUT_MS
from sojourn.testing.builders import SetClock
from sojourn.trips.models import Trip, TripStatus
from sojourn.web.tests.conftest import browser as shared_browser

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"
TWO_STEPS = (
    TEST_PACK.read_text()
    .replace("version: 1", "version: 2")
    .replace("approvals: [org_security]", "approvals: [org_security, oversight]")
)
BROKEN = TWO_STEPS.replace("days: 7,", "days: seven,").replace("travel: allowed", "travel: maybe")
browser = shared_browser  # the module-scoped Chromium of the web tests


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
    page.goto(f"{live_server.url}/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}{then}")


def test_oversight_fixes_a_pack_previews_it_issues_it_and_watches_its_run(
    live_server: LiveServer,
    page: Page,
    cast: Cast,
    now: datetime.datetime,
    view_clock: SetClock,
) -> None:
    """GIVEN a trip of the lab awaiting review and another approved
    WHEN oversight uploads a version of the lab's pack with two mistakes
    THEN each problem shows at its path and line, and the text is still in the text area;
    WHEN it is fixed and checked again THEN the what-if lists both trips, their approval chain
    growing from the officer to the officer and oversight;
    WHEN it is issued THEN the run's page says pending, and once the worker has run, the page
    (polling by itself) says done and lists both trips as reopened."""
    waiting = builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Workshop in Berlin")
    )
    approved = builders.approved(
        cast.colleague,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris"),
    )
    view_clock(now + datetime.timedelta(days=1))
    log_in(page, live_server, "oversight", "/policies/")
    expect(page.get_by_role("link", name="lifecycle-test@1")).to_be_visible()
    page.get_by_role("link", name="Upload a new version").click()

    source = page.get_by_label("The pack, in YAML")
    source.fill(BROKEN)
    page.get_by_role("button", name="Check and preview").click()

    problems = page.locator(".ov-problem")
    expect(problems).to_have_count(2)
    expect(problems.nth(0).locator(".ov-problem__path")).to_have_text("tiers.reviewed.travel")
    expect(problems.nth(0)).to_contain_text("expected allowed, discouraged or prohibited")
    line = BROKEN[: BROKEN.index("travel: maybe")].count("\n") + 1
    expect(problems.nth(0)).to_contain_text(f"Line {line}, column 13")
    expect(problems.nth(0).locator(".ov-problem__excerpt")).to_contain_text("travel: maybe")
    expect(problems.nth(1).locator(".ov-problem__path")).to_have_text(
        "tiers.reviewed.advance_notice.days"
    )
    expect(source).to_have_value(BROKEN)
    expect(source).to_have_attribute("aria-invalid", "true")
    expect(source).to_have_attribute("aria-describedby", "id_source_error")
    shoot(page, "policy-upload-errors.png")

    source.fill(TWO_STEPS)
    page.get_by_role("button", name="Check and preview").click()

    expect(page.get_by_role("heading", name="What-if: lifecycle-test@2")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    for trip in (waiting, approved):
        row = rows.filter(has_text=trip.title)
        expect(row).to_contain_text("was: Security officer")
        expect(row).to_contain_text("now: Security officer → Oversight")
        expect(row).to_contain_text("Stricter: approval reopened")
    shoot(page, "policy-whatif.png")
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()

    page.get_by_label("Note for the directive (optional)").fill("Oversight approves every trip.")
    page.get_by_role("button", name="Issue lifecycle-test@2 as a directive").click()

    expect(page).to_have_url(re.compile(r"/directives/runs/\d+/$"))
    expect(page.locator(".flash")).to_contain_text("Policy lifecycle-test@2 issued")
    progress = page.locator("#run-progress")
    expect(progress).to_have_attribute("data-status", "pending")
    expect(progress).to_have_attribute("data-hx-trigger", "every 2s")
    expect(progress.locator(".ov-run__status")).to_contain_text("Pending")

    # The worker's pass (`sojourn worker`) carries the run; the page is not reloaded.
    assert finish_directive_runs(now + datetime.timedelta(days=1), lambda: False) == 1

    expect(progress).to_have_attribute("data-status", "done")
    expect(progress.locator(".ov-run__status")).to_contain_text("Done")
    expect(progress).to_contain_text("2 of 2 trips re-assessed (100%)")
    expect(progress.locator("progress")).to_have_attribute("value", "2")
    expect(progress.locator("tbody tr")).to_have_count(2)
    expect(progress).not_to_have_attribute("data-hx-trigger", "every 2s")
    expect(page.locator("#run-announce")).to_have_text(
        "The run has ended: Done, 2 of 2 trips re-assessed."
    )
    shoot(page, "run-progress.png")
    run = ReassessmentRun.objects.get()
    assert run.status == RunStatus.DONE
    assert {trip.status for trip in Trip.objects.all()} == {TripStatus.SUBMITTED}


def test_the_dashboard_draws_its_charts(
    live_server: LiveServer,
    page: Page,
    cast: Cast,
    now: datetime.datetime,
    view_clock: SetClock,
) -> None:
    """GIVEN trips of two organisations in several states, seen on 15 June
    THEN the dashboard draws the four charts, each with its data table, readable on a phone."""
    robo = builders.traveller("robo_exec", organisation=cast.robo, position=Position.EXECUTIVE)
    builders.submitted(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Late to Berlin", starts_in_days=3)
    )
    builders.returned(
        cast.colleague,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Back", starts_in_days=10, days=2),
    )
    builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Paris", country="FR", starts_in_days=100),
    )
    builders.submitted(
        robo, now, builders.Itinerary(title="Chile", country="CL", starts_in_days=20)
    )
    builders.submitted(
        robo, now, builders.Itinerary(title="Boston", country="US", starts_in_days=45)
    )
    view_clock(datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC))
    log_in(page, live_server, "oversight", "/oversight/")

    charts = page.locator("svg.chart__svg")
    expect(charts).to_have_count(4)
    expect(page.get_by_role("img", name="Trips per month by tier")).to_be_visible()
    expect(page.get_by_role("img", name="On-time reporting rate per month")).to_be_visible()
    expect(page.locator(".chart-legend li")).to_have_count(3)  # reviewed, restricted, standard
    expect(page.locator("circle.chart__marker")).to_have_count(1)
    abroad = page.locator("table.ov-abroad")
    expect(abroad.get_by_role("rowheader", name="France")).to_be_visible()
    page.get_by_text("Data table: trips per month by tier").click()
    expect(page.get_by_role("rowheader", name="2026-03")).to_be_visible()
    shoot(page, "oversight-dashboard.png")

    page.set_viewport_size({"width": 375, "height": 812})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"


def test_an_auditor_filters_the_audit_log_and_verifies_the_chain(
    live_server: LiveServer, page: Page, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN trips submitted and approved WHEN the auditor filters the log on "trip.sub"
    THEN only submissions are listed; WHEN they verify the chain THEN it is intact."""
    paris = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris"),
    )
    builders.submitted(cast.colleague, now, builders.Itinerary(title="Workshop in Berlin"))
    log_in(page, live_server, "auditor", "/audit/")
    # Every event: the cast's accounts and people, the trips' five, the auditor's own sign-in.
    every = AuditEvent.objects.count()
    assert AuditEvent.objects.filter(action__startswith="trip.").count() == 5
    expect(page.locator("tbody tr")).to_have_count(every)
    expect(page.locator("tbody tr").first).to_contain_text("auth.login")

    page.get_by_label("Action starts with").fill("trip.sub")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/audit/\?action=trip\.sub"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    for n in range(2):
        expect(rows.nth(n)).to_contain_text("trip.submitted")
    expect(page.get_by_label("Action starts with")).to_have_value("trip.sub")
    rows.last.get_by_text("Show").click()
    expect(rows.last.locator("pre")).to_contain_text('"policy": "lifecycle-test@1"')

    page.get_by_role("button", name="Verify the trail").click()
    expect(page.locator("#verify-result")).to_contain_text("The chain is intact.")
    expect(page.locator("#verify-result")).to_contain_text(f"{every} events checked.")
    shoot(page, "audit-log.png")

    rows.last.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/trips/{paris.pk}/")
