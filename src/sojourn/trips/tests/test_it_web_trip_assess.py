"""The live assessment panel: the unsaved form in, the panel out, nothing stored."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)
HTMX = {"HX-Request": "true"}
URL = "/trips/assess/"


@pytest.fixture(autouse=True)
def pages_see_now(monkeypatch: pytest.MonkeyPatch, now: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.fixture
def robo_exec(cast: Cast) -> User:
    """An executive of the robotics company: the seed pack applies to them."""
    return builders.traveller("robo_exec", organisation=cast.robo, position=Position.EXECUTIVE)


def form(now: datetime.datetime, country: str = "US", starts_in: int = 60, **extra: str):
    start = now.date() + starts_in * DAY
    return {
        "title": "",
        "purpose": "conference",
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "legs-0-country": country,
        "legs-0-city": "Boston",
        "legs-0-starts_on": start.isoformat(),
        "legs-0-ends_on": (start + 4 * DAY).isoformat(),
        "meetings-TOTAL_FORMS": "0",
        "meetings-INITIAL_FORMS": "0",
        **extra,
    }


def test_a_us_leg_is_restricted_reviewed_twice_and_asks_for_necessity(
    client: Client, robo_exec: User, now: datetime.datetime
):
    """GIVEN a robotics executive typing a trip to Boston in two months, not yet saved
    WHEN the form is sent to the panel
    THEN the panel says restricted, review, security officer then oversight, report by 30 days
    ahead, daily check-ins, a briefing, a detailed debrief, and the necessity it lacks."""
    client.force_login(robo_exec)

    response = client.post(URL, form(now), headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'data-show-necessity="yes"' in content
    assert '<dd class="assessment__tier">Restricted</dd>' in content
    assert "Review" in content
    assert "Security officer → Oversight" in content
    assert "2026-04-01" in content  # report by: 1 May minus 30 days
    assert "24 hours" in content
    assert "Required before you travel" in content
    assert "Detailed, due" in content
    assert "<code>necessity_missing</code>" in content
    assert '<span class="badge badge--blocker">Blocker</span>' in content
    assert "tiers.restricted.travel</code>" in content  # the rule it came from
    assert "seed-sensitive-tech@" in content
    assert "Travel with a clean laptop" in content  # the device guidance


def test_once_necessity_is_given_the_finding_goes(
    client: Client, robo_exec: User, now: datetime.datetime
):
    client.force_login(robo_exec)
    data = form(now, necessity="The only board meeting.", alternatives="Remote: refused.")

    content = client.post(URL, data, headers=HTMX).content.decode()

    assert "<code>necessity_missing</code>" not in content
    assert 'data-show-necessity="yes"' in content


def test_a_late_report_is_a_finding_with_its_rule(
    client: Client, robo_exec: User, now: datetime.datetime
):
    client.force_login(robo_exec)

    content = client.post(URL, form(now, starts_in=10), headers=HTMX).content.decode()

    assert "<code>late_report</code>" in content
    assert "tiers.restricted.advance_notice" in content


def test_a_standard_destination_needs_no_necessity(
    client: Client, robo_exec: User, now: datetime.datetime
):
    client.force_login(robo_exec)

    content = client.post(URL, form(now, country="SG"), headers=HTMX).content.decode()

    assert '<dd class="assessment__tier">Standard</dd>' in content
    assert 'data-show-necessity="no"' in content
    assert "Approved automatically" in content


@pytest.mark.parametrize(
    "changes",
    [
        {"legs-0-ends_on": ""},
        {"legs-0-country": ""},
        {"legs-0-starts_on": "not a date"},
        {"legs-0-ends_on": "2026-01-01"},
        {"legs-TOTAL_FORMS": "0"},
        {"legs-TOTAL_FORMS": "garbage"},
        {"legs-0-country": "XX"},
    ],
)
def test_incomplete_legs_give_a_calm_panel(
    client: Client, robo_exec: User, now: datetime.datetime, changes: dict[str, str]
):
    client.force_login(robo_exec)

    response = client.post(URL, {**form(now), **changes}, headers=HTMX)

    assert response.status_code == 200
    assert "Complete the legs to see the assessment" in response.content.decode()


def test_while_incomplete_typed_necessity_stays_in_sight(
    client: Client, robo_exec: User, now: datetime.datetime
):
    client.force_login(robo_exec)
    data = {**form(now, necessity="Keynote."), "legs-0-ends_on": ""}

    content = client.post(URL, data, headers=HTMX).content.decode()

    assert 'data-show-necessity="yes"' in content


def test_a_half_typed_meeting_does_not_hold_the_assessment_back(
    client: Client, robo_exec: User, now: datetime.datetime
):
    client.force_login(robo_exec)
    data = {**form(now), "meetings-TOTAL_FORMS": "1", "meetings-0-topics": "grippers"}

    content = client.post(URL, data, headers=HTMX).content.decode()

    assert '<dd class="assessment__tier">Restricted</dd>' in content


def test_nothing_is_stored(client: Client, robo_exec: User, now: datetime.datetime):
    client.force_login(robo_exec)
    events = AuditEvent.objects.count()

    client.post(URL, form(now), headers=HTMX)

    assert not Trip.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 200),
        ("colleague", 200),
        ("officer", 403),
        ("other_officer", 403),
        ("oversight", 403),
        ("auditor", 403),
    ],
)
def test_only_travellers_use_the_panel(
    client: Client, cast: Cast, now: datetime.datetime, who: str, expected: int
):
    client.force_login(getattr(cast, who))

    response = client.post(URL, form(now), headers=HTMX)

    assert response.status_code == expected
    assert "no-store" in response["Cache-Control"]


def test_the_lab_follows_its_test_pack(client: Client, cast: Cast, now: datetime.datetime):
    client.force_login(cast.traveller)

    content = client.post(URL, form(now), headers=HTMX).content.decode()

    assert "<code>lifecycle-test@1</code>" in content
    assert '<dd class="assessment__tier">reviewed</dd>' in content


def test_anonymous_is_sent_to_login_and_get_is_refused(client: Client, cast: Cast):
    assert client.post(URL, {})["Location"] == f"/login/?next={URL}"
    client.force_login(cast.traveller)
    assert client.get(URL).status_code == 405
