"""One-tap links in the check-in reminder: "I am safe" and "I need help". Opening a link records
nothing; the page's button does, once, as the traveller, until the link expires."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import signing
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.care import escalating, links, reminding
from sojourn.care.models import CheckIn, CheckInLink, Escalation
from sojourn.notify.messages import build_message
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
BASE_URL = "https://sojourn.example"
LINK = re.compile(
    r"(?P<label>I am safe|I need help|我很安全|我需要帮助)[:：]\s*(?P<url>https://\S+)"
)


@pytest.fixture(autouse=True)
def _base_url(settings) -> None:
    settings.SOJOURN_BASE_URL = BASE_URL


@pytest.fixture
def abroad(cast, now) -> Trip:
    """Reported ten days ahead, in time; leaving now; first check-in due in 24 hours."""
    trip = builders.approved(
        cast.traveller,
        now - 10 * DAY,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(starts_in_days=10, days=6),
    )
    return services.depart(trip, actor=None, now=now)


def remind(trip: Trip, at: datetime.datetime) -> dict[str, str]:
    """Run the reminder job at `at`; the paths of the links in the trip's latest reminder."""
    reminding.remind(at)
    row = Notification.objects.filter(trip=trip, kind="reminder.checkin", channel="email").latest(
        "created_at", "pk"
    )
    body = str(build_message(row).body)  # the links are built as the email is sent
    return {m["label"]: m["url"].removeprefix(BASE_URL) for m in LINK.finditer(body)}


@pytest.fixture
def paths(abroad, now) -> dict[str, str]:
    """The reminder an hour before the first check-in falls due."""
    return remind(abroad, now + 23 * HOUR)


def test_the_reminder_carries_two_links_made_once(cast, now, abroad, paths):
    """GIVEN a traveller abroad with a check-in due in an hour WHEN the worker sends the reminder
    (twice over) THEN its email carries one "I am safe" and one "I need help" link, clickable in
    the HTML part, good until a silence would make the traveller unreachable."""
    reminding.remind(now + 23 * HOUR + HOUR / 2)

    assert set(paths) == {"I am safe", "I need help"}
    assert CheckInLink.objects.count() == 2
    assert all(path.startswith("/checkin/") for path in paths.values())
    ok, need_help = (CheckInLink.objects.get(intent=i) for i in ("ok", "need_help"))
    grace = (abroad.assessment or {}).get("checkin_grace_hours", 2)
    assert ok.expires_at == need_help.expires_at == now + (24 + grace + 24) * HOUR
    assert (ok.trip, ok.used_at, need_help.used_at) == (abroad, None, None)
    # Each sending signs its links afresh (the outbox keeps none): read both parts of one.
    message = build_message(Notification.objects.get(kind="reminder.checkin", channel="email"))
    html, _mimetype = message.alternatives[0]
    for label, url in LINK.findall(str(message.body)):
        assert f'href="{url}"' in str(html), label


def test_a_link_lives_two_days_at_most(now, abroad):
    pair = links.issue(abroad, now=now, until=now + 10 * DAY)

    assert pair.ok.expires_at == pair.need_help.expires_at == now + 48 * HOUR


def test_opening_a_link_shows_a_confirmation_and_records_nothing(
    client: Client, cast, now, abroad, paths, view_clock
):
    view_clock(now + 23 * HOUR)

    for _ in range(2):  # a mail scanner, then the traveller
        response = client.get(paths["I am safe"])
        assert response.status_code == 200
    page = response.content.decode()

    assert "Traveller, tap the button to check in on “Workshop in Berlin”." in page
    assert 'method="post"' in page
    assert "traveller@example.test" not in page
    assert "Dr. Weber" not in page
    assert "TU Berlin" not in page
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    assert not CheckIn.objects.exists()
    assert not CheckInLink.objects.filter(used_at__isnull=False).exists()


def test_i_am_safe_records_a_check_in_and_ends_the_missed_check_in_alarm(
    client: Client, cast, now, abroad, paths, view_clock
):
    """GIVEN the reminder sent and the check-in missed, so the officers have been alerted
    WHEN the traveller, signed out, taps "I am safe" and confirms
    THEN an ok check-in is recorded as theirs, the alarm resolves and the link is spent."""
    escalating.escalate_checkins(now + 27 * HOUR)
    alarm = Escalation.objects.get(trip=abroad, kind="missed_checkin")
    view_clock(now + 28 * HOUR)

    response = client.post(paths["I am safe"])

    assert response.status_code == 200
    assert "Thank you: you are checked in" in response.content.decode()
    checkin = CheckIn.objects.get()
    assert (checkin.trip, checkin.by, checkin.status, checkin.at) == (
        abroad,
        cast.traveller,
        "ok",
        now + 28 * HOUR,
    )
    alarm.refresh_from_db()
    assert alarm.resolved_at == now + 28 * HOUR
    link = CheckInLink.objects.get(intent="ok")
    assert (link.used_at, link.used_by_checkin) == (now + 28 * HOUR, checkin)
    event = AuditEvent.objects.get(action="checkin_link.used")
    assert (event.actor, event.data["link_id"], event.data["checkin_id"]) == (
        cast.traveller,
        link.pk,
        checkin.pk,
    )


def test_a_link_works_once(client: Client, now, abroad, paths, view_clock):
    view_clock(now + 23 * HOUR)
    assert client.post(paths["I am safe"]).status_code == 200

    again = client.post(paths["I am safe"])
    opened = client.get(paths["I am safe"])

    for response in (again, opened):
        assert response.status_code == 410
        assert "This link has already been used" in response.content.decode()
        assert 'href="/login/"' in response.content.decode()
    assert CheckIn.objects.count() == 1
    assert AuditEvent.objects.filter(action="checkin_link.used").count() == 1


def test_i_need_help_still_works_after_i_am_safe(client: Client, now, abroad, paths, view_clock):
    """Decided: each link of a pair works once on its own; things can go wrong after an "ok"."""
    view_clock(now + 23 * HOUR)
    client.post(paths["I am safe"])

    response = client.post(paths["I need help"])

    assert response.status_code == 200
    assert list(CheckIn.objects.order_by("pk").values_list("status", flat=True)) == [
        "ok",
        "need_help",
    ]


def test_an_expired_link_is_refused(client: Client, now, abroad, paths, view_clock):
    view_clock(CheckInLink.objects.get(intent="ok").expires_at)

    for response in (client.get(paths["I am safe"]), client.post(paths["I am safe"])):
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
    assert not CheckIn.objects.exists()
    assert not CheckInLink.objects.filter(used_at__isnull=False).exists()


def _flip_a_character(path: str) -> str:
    token = path.split("/")[2]
    i = len(token) - 10  # inside the signature
    return f"/checkin/{token[:i]}{'B' if token[i] == 'A' else 'A'}{token[i + 1 :]}/"


@pytest.mark.parametrize(
    "tamper",
    [
        _flip_a_character,
        lambda path: "/checkin/1/",
        lambda path: "/checkin/" + signing.dumps([1, 1], salt="another purpose") + "/",
        lambda path: "/checkin/" + signing.dumps("1", salt=links.SALT) + "/",
    ],
    ids=["tampered", "unsigned", "other-salt", "bad-payload"],
)
def test_a_token_not_signed_by_us_is_refused(
    client: Client, now, abroad, paths, view_clock, tamper
):
    view_clock(now + 23 * HOUR)
    path = tamper(paths["I am safe"])

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
        assert response["Referrer-Policy"] == "strict-origin"
    assert not CheckIn.objects.exists()


def test_a_link_of_one_trip_cannot_record_on_another(client: Client, cast, now, abroad, view_clock):
    """GIVEN two travellers abroad, each sent a reminder WHEN the second, signed in, uses the
    first's link, or a token names the first's link with the second's trip THEN nothing is ever
    recorded on the second trip."""
    other = builders.approved(
        cast.colleague,
        now - 10 * DAY,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(starts_in_days=10),
    )
    other = services.depart(other, actor=None, now=now)
    mine = remind(abroad, now + 23 * HOUR)
    remind(other, now + 23 * HOUR)
    link = CheckInLink.objects.get(trip=abroad, intent="ok")
    crossed = "/checkin/" + signing.dumps([link.pk, other.pk], salt=links.SALT) + "/"
    view_clock(now + 23 * HOUR)

    assert client.post(crossed).status_code == 400
    client.force_login(cast.colleague)
    assert client.post(mine["I am safe"]).status_code == 200

    assert not CheckIn.objects.filter(trip=other).exists()
    assert CheckIn.objects.get(trip=abroad).by == cast.traveller


def test_i_need_help_asks_for_confirmation_then_raises_the_urgent_alarm(
    client: Client, cast, now, abroad, paths, view_clock
):
    """GIVEN the reminder sent WHEN the traveller opens "I need help" THEN the page asks them to
    confirm, with optional city and note, and nothing is sent; WHEN they confirm THEN a
    need-help check-in is recorded and officers and oversight are alerted, urgent."""
    view_clock(now + 23 * HOUR)

    page = client.get(paths["I need help"])

    assert page.status_code == 200
    html = page.content.decode()
    assert "Yes, I need help: alert them now" in html
    assert 'name="city"' in html
    assert 'name="note"' in html
    assert not CheckIn.objects.exists()
    assert not Escalation.objects.exists()

    done = client.post(paths["I need help"], {"city": " Munich ", "note": "Passport stolen."})

    assert done.status_code == 200
    assert "Your call for help has been sent" in done.content.decode()
    checkin = CheckIn.objects.get()
    assert (checkin.status, checkin.by, checkin.city, checkin.note) == (
        "need_help",
        cast.traveller,
        "Munich",
        "Passport stolen.",
    )
    alarm = Escalation.objects.get(trip=abroad, kind="need_help")
    assert alarm.urgent
    assert alarm.resolved_at is None
    told = Notification.objects.filter(kind="escalation.need_help", channel="in_app")
    assert {n.recipient.username for n in told} == {"officer", "oversight"}


def test_a_bad_field_keeps_the_input_and_spends_nothing(
    client: Client, now, abroad, paths, view_clock
):
    view_clock(now + 23 * HOUR)

    response = client.post(paths["I need help"], {"city": "x" * 121, "note": "Lost my bag."})

    assert response.status_code == 422
    assert "Lost my bag." in response.content.decode()
    assert not CheckIn.objects.exists()
    assert CheckInLink.objects.get(intent="need_help").used_at is None


def test_a_trip_no_longer_under_way_takes_no_check_in(
    client: Client, cast, now, abroad, paths, view_clock
):
    services.return_home(abroad, actor=cast.traveller, now=now + 22 * HOUR)
    view_clock(now + 23 * HOUR)

    response = client.post(paths["I am safe"])

    assert response.status_code == 410
    assert "This trip is no longer under way" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_button_passes_the_csrf_check_as_a_browser_sends_it(now, abroad, paths, view_clock):
    """The page's form posts with its CSRF token and the Origin header a browser sends under the
    page's `Referrer-Policy: strict-origin`. Under "no-referrer" a browser sends `Origin: null`,
    which Django refuses: that is why the pages do not use it."""
    view_clock(now + 23 * HOUR)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(paths["I am safe"])
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert found is not None
    form = {"csrfmiddlewaretoken": found[1]}

    assert page["Referrer-Policy"] == "strict-origin"
    assert browser.post(paths["I am safe"]).status_code == 403
    assert browser.post(paths["I am safe"], form, headers={"origin": "null"}).status_code == 403
    assert not CheckIn.objects.exists()
    origin = {"origin": "http://testserver"}
    assert browser.post(paths["I am safe"], form, headers=origin).status_code == 200
    assert CheckIn.objects.count() == 1


def test_a_chinese_speaking_traveller_gets_the_links_and_pages_in_chinese(
    client: Client, cast, now, abroad, view_clock
):
    person = cast.traveller.person
    person.language = "zh-hans"
    person.save(update_fields=["language"])

    paths = remind(abroad, now + 23 * HOUR)
    view_clock(now + 23 * HOUR)
    safe, help_page = client.get(paths["我很安全"]), client.get(paths["我需要帮助"])
    view_clock(now + 80 * HOUR)
    expired = client.get(paths["我很安全"])

    for response in (safe, help_page, expired):
        html = response.content.decode()
        assert 'lang="zh-hans"' in html
        assert response["Content-Language"] == "zh-hans"
    assert "Tap the button" not in safe.content.decode()
    assert "我很安全" in safe.content.decode()
    assert "Yes, I need help" not in help_page.content.decode()
    assert expired.status_code == 410
