"""What leaves Sojourn besides pages: emails, the calendar feed and CSV files, with hostile text.

A title or a name holding markup is escaped in an email's HTML part and plain in its text part;
one holding a line break cannot add a mail header or a calendar property; a CSV cell a
spreadsheet would run as a formula is made inert. Each output is read back with the reader its
recipient uses (a mail parser, the icalendar library, a CSV reader).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from sojourn.conftest import NOW, Cast
from sojourn.notify.delivery import deliver_due
from sojourn.notify.messages import build_message
from sojourn.notify.models import Channel, Notification
from sojourn.notify.tests.builders import SmtpServer
from sojourn.notify.tests.conftest import smtp
from sojourn.security import tokens
from sojourn.security.tests.forms import trip_fields
from sojourn.security.tests.hostile import ATTRIBUTE, HOSTILE, LIVE_MARKUP, SCRIPT
from sojourn.testing import builders
from sojourn.trips.models import Trip

__all__ = ["smtp"]  # the loopback SMTP server fixture, used here by name

INJECTED_HEADER = "Workshop\r\nBcc: spy@evil.test\r\nX-Injected: yes"
INJECTED_EVENT = "Workshop\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\r\nATTENDEE:spy"
ICAL_SPECIALS = 'Berlin; Paris, and back \\ "quoted" ' + "x" * 120  # escaped and folded
FORMULA = '=HYPERLINK("http://evil.test","open")'


@pytest.fixture
def hostile_traveller(cast: Cast) -> Cast:
    """The traveller's name, as an administrator typed it, holds markup too."""
    cast.traveller.first_name = f"Ann {SCRIPT}"
    cast.traveller.last_name = ATTRIBUTE
    cast.traveller.save()
    return cast


def _officer_email(trip: Trip) -> Notification:
    return Notification.objects.get(trip=trip, channel=Channel.EMAIL, recipient__username="officer")


# Emails ---------------------------------------------------------------------------------------


def test_markup_in_a_title_and_a_name_is_escaped_in_html_and_plain_in_text(
    hostile_traveller: Cast,
) -> None:
    """GIVEN a trip titled with markup by a traveller whose name holds markup
    WHEN it is submitted and the officer's email is built
    THEN the HTML part shows both escaped and never live; the text part shows them as typed."""
    trip = builders.submitted(
        hostile_traveller.traveller, NOW, builders.Itinerary(title=HOSTILE, purpose="conference")
    )

    message = build_message(_officer_email(trip))

    text, html = message.body, str(message.alternatives[0][0])
    assert message.subject == f"Trip to review: {HOSTILE}"
    assert f"Ann {SCRIPT} {ATTRIBUTE} submitted a trip" in text
    for live in LIVE_MARKUP:
        assert live not in html
    assert escape(HOSTILE) in html  # the subject, as the heading
    assert escape(f"Ann {SCRIPT} {ATTRIBUTE}") in html
    assert "{{ 7*7 }}" in html


def test_a_line_break_in_a_title_cannot_add_a_mail_header(
    cast: Cast, smtp: SmtpServer, now: datetime.datetime
) -> None:
    """GIVEN a trip whose title holds CR LF and header lines (the API accepts any text)
    WHEN its notification is delivered through a real SMTP server
    THEN the message has one Subject line holding the words, no Bcc or injected header, and
    goes to the officer alone."""
    trip = builders.submitted(
        cast.traveller, now, builders.Itinerary(title=INJECTED_HEADER, purpose="conference")
    )
    row = _officer_email(trip)
    Notification.objects.exclude(pk=row.pk).update(sent_at=now)

    report = deliver_due(now=now)

    assert report.sent == 1
    [message] = smtp.mailbox.messages
    assert message["Subject"] == f"Trip to review: {' '.join(INJECTED_HEADER.split())}"
    assert message["Bcc"] is None
    assert message["X-Injected"] is None
    assert "\n" not in message["Subject"]
    assert "\r" not in message["Subject"]
    assert message["To"] == "officer@example.test"
    headers = {name.lower() for name in message}
    assert not headers & {"bcc", "cc", "x-injected"}


# The calendar feed ------------------------------------------------------------------------------


def _feed(client: Client, cast: Cast, who: str) -> Calendar:
    """The feed of `who`, naming travellers and titles (an officer's and oversight's choice)."""
    secret = tokens.rotate_feed_secret(user=getattr(cast, who), now=NOW)
    tokens.show_names_in_feed(user=getattr(cast, who), shows=True, now=NOW)
    response = client.get(f"/feeds/{secret}/trips.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> Iterator[Any]:
    return (component for component in calendar.walk("VEVENT"))


EVENT_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "LAST-MODIFIED",
    "SEQUENCE",
    "SUMMARY",
    "DESCRIPTION",
    "URL",
    "STATUS",
    "DTSTART",
    "DTEND",
    "TRANSP",
}


@pytest.mark.parametrize("title", [HOSTILE, INJECTED_EVENT, ICAL_SPECIALS, "北京 ✈ 東京"])
@pytest.mark.parametrize("who", ["traveller", "officer", "oversight"])
def test_a_hostile_title_comes_back_from_the_feed_exactly_and_adds_nothing(
    client: Client,
    hostile_traveller: Cast,
    monkeypatch: pytest.MonkeyPatch,
    title: str,
    who: str,
) -> None:
    """GIVEN a trip whose title holds markup, a line break with calendar lines, or the
    characters iCalendar escapes, by a traveller named with markup
    WHEN the traveller's, the officer's and oversight's feeds are read by a calendar parser
    THEN each event's summary and description hold the title exactly, no event carries a
    property Sojourn does not write, and the injected event is not one."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    cast = hostile_traveller
    trip = builders.submitted(
        cast.traveller, NOW, builders.Itinerary(title=title, purpose="conference")
    )

    events = list(_events(_feed(client, cast, who)))

    shown = title.replace("\r\n", "\n")  # iCalendar text has one line break, escaped as \n
    assert events, f"{who} sees no event"
    for event in events:
        assert set(event.keys()) <= EVENT_PROPERTIES
        assert str(event["UID"]).startswith(f"trip-{trip.pk}")
        assert shown in str(event["SUMMARY"])
        assert shown in str(event["DESCRIPTION"])
    if who != "traveller":  # someone else's travel names the traveller
        assert any(f"Ann {SCRIPT}" in str(event["SUMMARY"]) for event in events)


def test_the_feed_is_one_calendar_of_well_formed_lines(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The raw feed: CRLF line ends only, lines folded at 75 octets, and exactly one VEVENT per
    trip (the title's own BEGIN/END lines are text inside a property)."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    builders.submitted(
        cast.traveller, NOW, builders.Itinerary(title=INJECTED_EVENT, purpose="conference")
    )
    secret = tokens.rotate_feed_secret(user=cast.traveller, now=NOW)

    raw = client.get(f"/feeds/{secret}/trips.ics").content

    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert b"\r" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    assert lines.count(b"BEGIN:VEVENT") == lines.count(b"END:VEVENT") == 1
    assert not any(line.startswith((b"ATTENDEE", b"SUMMARY:Injected")) for line in lines)


# CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "cell"),
    [(FORMULA, "'" + FORMULA), (HOSTILE, HOSTILE), (INJECTED_HEADER, INJECTED_HEADER)],
)
def test_a_title_typed_into_the_form_comes_back_from_the_export_inert(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch, title: str, cell: str
) -> None:
    """GIVEN a trip reported through the web form with a formula, markup or line breaks in
    its title
    WHEN the traveller exports their trips and a CSV reader reads the file
    THEN the formula is inert (a leading apostrophe) and everything else reads as typed."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.force_login(cast.traveller)
    assert client.post("/trips/new/", trip_fields(title=title)).status_code == 302
    assert Trip.objects.get().title == title

    response = client.get("/exports/trips.csv?scope=mine")

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    _header, row = list(csv.reader(io.StringIO(content)))
    assert row[1] == cell
