"""The whole story in a real browser, across the roles, on the robotics company's real pack
(seed-sensitive-tech: a trip to the US is restricted, asks for necessity, goes to the security
officer then oversight, checks in every 24 hours and ends with a detailed debrief).

A robotics executive files a trip to Boston and submits it; the officer approves it with
conditions; oversight gives the final approval; on the departure day the worker starts the trip
and the traveller checks in on a phone; after the last leg the worker brings them home and they
file a detailed debrief; the officer accepts it and the trip closes. A woman who asked them to
stay in touch, reported by them and by a traveller of another organisation, is one cluster on
oversight's contact page; the host of a summit the executive is invited to is on a
restricted-party list, and their officer finds the hit. Plus: a traveller whose preferred
language is Simplified Chinese sees the pages in Chinese.

Time moves through `view_clock` (the pages read `timezone.now`), and the worker's one pass runs
at the same moments. Each actor signs in in a browser context of their own; every context fails
the test if its pages ask any host but the live server. Screenshots go to
var/screenshots/story-*.png.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, Request, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from sojourn.care.models import CheckIn
from sojourn.care.worker import run_pass
from sojourn.conftest import PASSWORD, Cast
from sojourn.contacts import resolution
from sojourn.contacts.models import ContactReport, Suggestion
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.debriefs.models import DebriefStatus
from sojourn.demo.contact_stories import FICTIONAL_LIST
from sojourn.people.models import Language, Person, Position
from sojourn.screening.importing import import_snapshot
from sojourn.testing import builders
from sojourn.testing.browser import TIMEOUT_MS
from sojourn.testing.builders import DAY, SetClock, at
from sojourn.trips.models import Review, ReviewDecision, Trip, TripStatus
from sojourn.web.tests import conftest as web

pytestmark = pytest.mark.browser

browser = web.browser  # the module-scoped Chromium of the web tests

SCREENSHOTS = settings.VAR_DIR / "screenshots"
DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=375, height=812)
TITLE = "Robotics standards week in Boston"
OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[OpenPage]:
    """Opens a page in a fresh browser context (its own cookies: one per person signing in).
    Every context is watched: the test fails if any page asks a host other than the server."""
    contexts = []
    elsewhere: list[str] = []

    def watch(request: Request) -> None:
        if not request.url.startswith(live_server.url):
            elsewhere.append(request.url)

    def open_(viewport: ViewportSize = DESKTOP) -> Page:
        context = browser.new_context(locale="en-GB", viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", watch)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """One watched page on a laptop-sized screen."""
    return open_page()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"story-{name}.png"), full_page=True)


def log_in(page: Page, base: str, user: User, target: str) -> None:
    """Asks for `target`, is sent to the login page, signs in, and lands on `target`."""
    page.goto(f"{base}{target}")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}{target}")


def her_report(name: str, on: datetime.date) -> ContactReportInput:
    return ContactReportInput(
        category="stay_in_touch",
        channel="in_person",
        occurred_on=on,
        counterpart=name,
        affiliation="Horizon Frontier Computing Institute",
        narrative="Asked about our work and to stay in touch.",
        country="US",
    )


def status_of(trip: Trip) -> str:
    trip.refresh_from_db()
    return trip.status


def fits_the_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_trip_to_the_us_from_filing_to_closing_across_the_roles(
    live_server: LiveServer,
    open_page: OpenPage,
    cast: Cast,
    now: datetime.datetime,
    view_clock: SetClock,
) -> None:
    """GIVEN a robotics executive, the robotics company's security officer and oversight
    WHEN the executive files a trip to Boston five weeks ahead, the officer approves it with
    conditions, oversight approves it, the traveller checks in on the departure day, comes home
    and files a detailed debrief, and the officer accepts it
    THEN the trip goes submitted → submitted (awaiting oversight) → approved → in progress →
    returned → debriefed → closed, and each page says so."""
    base = live_server.url
    executive = builders.traveller("robo_exec", organisation=cast.robo, position=Position.EXECUTIVE)
    officer, oversight = cast.other_officer, cast.oversight
    start = now.date() + 35 * DAY  # the pack asks for 30 days' notice: this is not late
    end = start + 4 * DAY
    view_clock(now)

    # 1. The traveller files the trip; the live assessment asks for necessity.
    traveller = open_page()
    log_in(traveller, base, executive, "/trips/new/")
    panel = traveller.locator("#assessment-panel")
    necessity = traveller.get_by_label("Why the trip is necessary")
    expect(necessity).to_be_hidden()
    traveller.get_by_label("Title").fill(TITLE)
    traveller.get_by_label("Purpose").select_option("conference")
    traveller.locator("#id_legs-0-country").select_option("US")
    traveller.locator("#id_legs-0-city").fill("Boston")
    traveller.locator("#id_legs-0-starts_on").fill(start.isoformat())
    traveller.locator("#id_legs-0-ends_on").fill(end.isoformat())
    traveller.locator("#id_legs-0-city").focus()  # leaving the date field fires its change

    expect(panel.locator(".assessment__tier")).to_have_text("Restricted")
    expect(panel.locator(".assessment__chain")).to_have_text("Security officer → Oversight")
    expect(panel).to_contain_text("necessity_missing")
    expect(necessity).to_be_visible()
    shoot(traveller, "1-trip-form-asks-necessity")

    necessity.fill("The standards committee votes in person only, once a year.")
    traveller.get_by_label("Alternatives considered").fill(
        "Sending a US colleague: none sits on the committee."
    )
    traveller.get_by_label("Title").focus()
    expect(panel).not_to_contain_text("necessity_missing")
    traveller.get_by_role("button", name="Save and submit").click()

    expect(traveller).to_have_url(re.compile(r"/trips/\d+/$"))
    expect(traveller.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(traveller.locator(".page-header .badge--submitted")).to_have_text("Submitted")
    expect(traveller.locator(".page-header")).not_to_contain_text("Reported late")
    expect(traveller.locator(".flash")).to_contain_text("Trip submitted")
    shoot(traveller, "1-trip-submitted")
    trip = Trip.objects.get(traveller=executive)
    assert trip.status == TripStatus.SUBMITTED
    assert trip.approvals == ["org_security", "oversight"]
    assert trip.checkin_hours == 24
    assert trip.late_report is False
    assert (trip.starts_on, trip.ends_on) == (start, end)
    assert trip.necessity.startswith("The standards committee")
    trip_page = f"{base}/trips/{trip.pk}/"

    # 2. The officer approves it with conditions: it goes on to oversight.
    desk = open_page()
    log_in(desk, base, officer, "/review/")
    row = desk.locator(".queue-table tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("Restricted")
    row.get_by_role("link", name=TITLE).click()
    expect(desk).to_have_url(f"{base}/review/{trip.pk}/")
    main = desk.locator(".decision-layout__main")
    expect(main).to_contain_text("The standards committee votes in person only")
    expect(main).to_contain_text("Security officer → Oversight")
    expect(desk.get_by_text("You decide the Security officer step.")).to_be_visible()
    desk.get_by_label("Approve").check()
    desk.get_by_label("Conditions").fill("Take a clean laptop; check in every day.")
    shoot(desk, "2-officer-decides")
    desk.get_by_role("button", name="Record the decision").click()

    expect(desk).to_have_url(f"{base}/review/")
    expect(desk.locator(".flash")).to_contain_text(f"You approved “{TITLE}”.")
    expect(desk.locator(".flash")).to_contain_text("It now waits for the next step")
    desk.goto(f"{base}/review/{trip.pk}/")
    expect(desk.locator(".page-header .badge--submitted")).to_have_text("Submitted")
    waiting = "The trip is waiting for the Oversight step, which is not yours to decide."
    expect(desk.locator("#decision")).to_contain_text(waiting)
    shoot(desk, "2-awaiting-oversight")
    assert status_of(trip) == TripStatus.SUBMITTED
    step = Review.objects.get(trip=trip, step="org_security")
    assert (step.decision, step.reviewer) == (ReviewDecision.APPROVE, officer)
    assert step.conditions == "Take a clean laptop; check in every day."
    assert Review.objects.get(trip=trip, step="oversight").decision == ReviewDecision.PENDING

    # 3. Oversight finds it in Final approvals and approves it.
    authority = open_page()
    log_in(authority, base, oversight, "/")
    authority.get_by_role("link", name="Final approvals").click()
    expect(authority.get_by_role("heading", name="Final approvals")).to_be_visible()
    row = authority.locator(".queue-table tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("Robo")
    shoot(authority, "3-final-approvals")
    row.get_by_role("link", name=TITLE).click()
    expect(authority.get_by_text("You decide the Oversight step.")).to_be_visible()
    authority.get_by_label("Approve").check()
    authority.get_by_role("button", name="Record the decision").click()

    expect(authority.locator(".flash")).to_contain_text(f"You approved “{TITLE}”.")
    expect(authority.locator(".flash")).not_to_contain_text("waits for the next step")
    assert status_of(trip) == TripStatus.APPROVED
    assert Review.objects.get(trip=trip, step="oversight").reviewer == oversight
    traveller.goto(trip_page)  # the traveller's page, still signed in
    expect(traveller.locator(".page-header .badge--approved")).to_have_text("Approved")
    reviews = traveller.locator("#reviews-title + .table-wrap tbody tr")
    expect(reviews).to_have_count(2)
    expect(reviews.first).to_contain_text("Take a clean laptop; check in every day.")
    shoot(traveller, "3-trip-approved")

    # 4. The departure day: the worker starts the trip; the traveller checks in on a phone.
    departure = at(start, 9)
    view_clock(departure)
    assert run_pass(departure).counts["start_trips"] == 1
    assert status_of(trip) == TripStatus.IN_PROGRESS
    phone = open_page(PHONE)
    log_in(phone, base, executive, f"/trips/{trip.pk}/checkin/")
    expect(phone.get_by_role("heading", name="Check in", exact=True)).to_be_visible()
    expect(phone.locator(".checkin-status")).to_contain_text("None yet")
    safe = phone.get_by_role("button", name="I am safe")
    box = safe.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] >= 44  # big enough for a thumb
    assert fits_the_width(phone)
    shoot(phone, "4-checkin-phone")
    safe.click()

    expect(phone.locator(".flash")).to_contain_text("Thank you: you are checked in.")
    expect(phone.locator(".checkin-status")).not_to_contain_text("None yet")
    expect(phone.locator(".checkin-status .badge--ok")).to_be_visible()
    shoot(phone, "4-checked-in-phone")
    checkin = CheckIn.objects.get(trip=trip)
    assert (checkin.status, checkin.by, checkin.at) == ("ok", executive, departure)
    assert status_of(trip) == TripStatus.IN_PROGRESS
    assert trip.checkin_due_at == departure + datetime.timedelta(hours=24)
    phone.goto(trip_page)
    expect(phone.locator(".page-header .badge--in_progress")).to_have_text("In progress")

    # 5. After the last leg the worker brings them home; they file a detailed debrief.
    home_again = at(end + DAY, 9)
    view_clock(home_again)
    assert run_pass(home_again).counts["end_trips"] == 1
    assert status_of(trip) == TripStatus.RETURNED
    view_clock(home_again + datetime.timedelta(hours=10))
    back = open_page()
    log_in(back, base, executive, f"/trips/{trip.pk}/debrief/")
    expect(back.get_by_text("This trip needs a detailed debrief.")).to_be_visible()
    back.get_by_label("Summary of activities").fill(
        "Presented our grasping benchmark; the committee adopted it as a draft standard."
    )
    back.get_by_label("Person").fill("Dr. A. Rivera")
    back.locator("#id_meetings-0-organisation").fill("MIT CSAIL")
    back.locator("#id_meetings-0-country").select_option("US")
    back.get_by_label("Topics").fill("Tactile sensing; a joint lab")
    back.get_by_label("Sensitive subjects came up").check()
    back.get_by_role("button", name="Add an incident").click()
    # htmx swaps the rows in and may move focus: type only once it has settled.
    back.wait_for_load_state("networkidle")
    kind = back.locator("#id_incidents-0-kind")
    expect(kind).to_be_focused()
    kind.select_option("device_inspection")
    back.locator("#id_incidents-0-occurred_on").fill(start.isoformat())
    back.locator("#id_incidents-0-country").select_option("US")
    back.get_by_label("What happened").fill("My laptop was taken for forty minutes at entry.")
    shoot(back, "5-debrief-form")
    back.get_by_role("button", name="Submit", exact=True).click()

    expect(back.locator(".flash")).to_contain_text("Your debrief has been submitted")
    expect(back.get_by_role("heading", name="Your debrief")).to_be_visible()
    expect(back.locator(".page-header .badge--submitted")).to_have_text("Submitted")
    shoot(back, "5-debrief-submitted")
    assert status_of(trip) == TripStatus.DEBRIEFED
    debrief = trip.debrief
    assert debrief.status == DebriefStatus.SUBMITTED
    meeting = debrief.meetings.get()
    assert (meeting.counterpart, meeting.sensitive_topics) == ("Dr. A. Rivera", True)
    assert debrief.incidents.get().kind == "device_inspection"
    back.goto(trip_page)
    expect(back.locator(".page-header .badge--debriefed")).to_have_text("Debriefed")

    # 6. The officer reviews the debrief and accepts it: the trip closes.
    review_day = home_again + DAY
    view_clock(review_day)
    desk = open_page()
    log_in(desk, base, officer, "/debriefs/")
    row = desk.locator("#to-review-title ~ .table-wrap tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("1 sensitive meeting")
    expect(row).to_contain_text("Incidents reported")
    row.get_by_role("link", name=TITLE).click()
    expect(desk).to_have_url(f"{base}/debriefs/{trip.pk}/")
    expect(desk.get_by_text("Sensitive subjects came up")).to_be_visible()
    expect(desk.get_by_role("heading", name="Device inspection at a border")).to_be_visible()
    expect(desk.get_by_text("My laptop was taken for forty minutes at entry.")).to_be_visible()
    shoot(desk, "6-debrief-review")
    desk.get_by_label("Accept the debrief (the trip closes)").check()
    desk.get_by_role("button", name="Record the review").click()

    expect(desk).to_have_url(f"{base}/debriefs/")
    expect(desk.locator(".flash")).to_contain_text(f"Debrief accepted: “{TITLE}” is closed.")
    assert status_of(trip) == TripStatus.CLOSED
    trip.debrief.refresh_from_db()
    assert trip.debrief.status == DebriefStatus.ACCEPTED
    assert trip.debrief.reviewed_by == officer
    desk.goto(trip_page)
    expect(desk.locator(".page-header .badge--closed")).to_have_text("Closed")
    shoot(desk, "6-trip-closed")

    # 7. A woman who asked the executive in Boston to stay in touch is reported by them and, under
    # her Chinese name, by a traveller of the AI lab; once oversight confirms the suggestion
    # across the registers, oversight's contact page shows her in both organisations.
    ids = [
        file_contact_report(
            her_report(name, review_day.date() - 3 * DAY), traveller=who, now=review_day
        ).pk
        for who, name in ((executive, "Dr. Xiaomei Li"), (cast.traveller, "李晓梅"))
    ]
    contacts = [ContactReport.objects.get(pk=pk).contact_id for pk in ids]
    suggestion = Suggestion.objects.get(contact_id__in=contacts, candidate_id__in=contacts)
    resolution.confirm(suggestion, actor=oversight, now=review_day)
    authority = open_page()
    log_in(authority, base, oversight, f"/contacts/{contacts[0]}/")
    cluster = authority.locator("section[aria-labelledby=cluster-title]")
    expect(cluster.get_by_role("link", name="李晓梅")).to_be_visible()
    expect(cluster).to_contain_text(cast.lab.name)
    shoot(authority, "7-contact-cluster")

    # 8. The Paris summit's host is on the (fictional) restricted-party list: the executive
    # records the invitation in the browser, and their officer finds the host's hit, with the
    # list's entry and the snapshot's date, in the screening queue.
    import_snapshot(
        FICTIONAL_LIST, list_id="fictional", format="csv", as_of=review_day.date(), now=review_day
    )
    invited = open_page()
    log_in(invited, base, executive, "/invitations/new/")
    invited.get_by_label("Event").fill("Global AI Summit")
    invited.get_by_label("Host organisation").fill("Paris AI Forum")
    invited.locator("#id_country").select_option("FR")
    invited.get_by_label("Starts on").fill((review_day + 45 * DAY).date().isoformat())
    invited.get_by_label("Ends on").fill((review_day + 46 * DAY).date().isoformat())
    invited.get_by_label("Who pays for the travel and stay").select_option("host")
    invited.get_by_role("button", name="Record the invitation").click()
    expect(invited).to_have_url(re.compile(r"/invitations/\d+/$"))
    desk.goto(f"{base}/screening/hits/")
    hit = desk.locator("#hits-title ~ .table-wrap tbody tr").filter(has_text="Global AI Summit")
    expect(hit).to_contain_text("Paris AI Forum")
    expect(hit).to_contain_text("FX-001")
    expect(hit).to_contain_text(review_day.date().isoformat())
    shoot(desk, "8-screening-hit")


def test_a_traveller_who_reads_chinese_sees_the_pages_in_chinese(
    live_server: LiveServer, page: Page, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN a traveller whose preferred language is Simplified Chinese, with a submitted trip
    WHEN they sign in (the login page is in their browser's English)
    THEN the home page, the new-trip page and the trip page are in Chinese, `<html lang>` says
    zh-hans, and what they typed (the trip's title) is left as it is."""
    Person.objects.filter(user=cast.traveller).update(language=Language.ZH_HANS)
    trip = builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Workshop in Berlin", purpose="conference")
    )
    base = live_server.url
    html = page.locator("html")

    log_in(page, base, cast.traveller, "/")
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="我的行程")).to_be_visible()  # My trips
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()  # What I owe
    expect(page.get_by_role("link", name="Workshop in Berlin")).to_be_visible()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()  # Log out
    shoot(page, "zh-home")

    page.goto(f"{base}/trips/new/")
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="新建行程")).to_be_visible()  # New trip
    expect(page.get_by_role("navigation").get_by_role("link", name="首页")).to_be_visible()
    expect(page.get_by_label("出行目的")).to_be_visible()  # Purpose
    expect(page.get_by_label("出行目的").locator("option[value=conference]")).to_have_text("会议")
    expect(page.get_by_role("button", name="保存并提交")).to_be_visible()  # Save and submit
    shoot(page, "zh-trip-new")

    page.goto(f"{base}/trips/{trip.pk}/")
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="Workshop in Berlin")).to_be_visible()
    expect(page.locator(".page-header .badge--submitted")).to_have_text("已提交")  # Submitted
    expect(page.get_by_role("heading", name="行程安排")).to_be_visible()  # Itinerary
    expect(page.get_by_role("heading", name="审核记录")).to_be_visible()  # Reviews
    shoot(page, "zh-trip")
