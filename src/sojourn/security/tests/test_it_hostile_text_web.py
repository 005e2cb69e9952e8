"""Markup typed into any field is shown as text on every page, and SQL-looking text is just text.

The world (`hostile_world`) is typed through the web's own forms by everyone who fills one in,
each field holding `<script>`, an attribute break-out and a template expression. Every page
each member of the cast can reach is then read: none may carry the markup live, each field must
be shown (escaped) where it belongs, and nothing is evaluated (`{{ 7*7 }}` stays as typed).
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from sojourn.conftest import NOW, Cast
from sojourn.directives.models import PolicyVersion
from sojourn.security.tests.forms import trip_fields
from sojourn.security.tests.hostile import LIVE_MARKUP, SQL, Page, assert_shown_escaped
from sojourn.security.tests.hostile_world import World, world
from sojourn.trips.models import Trip

__all__ = ["world"]  # the fixture

VIEWERS = ("traveller", "colleague", "officer", "other_officer", "oversight", "auditor")
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#?]*)"')
NOT_PAGES = ("/static/", "/api/", "/admin/", "/feeds/", "/exports/", "/i18n/", "/logout/")
TRAVELLER_TRIP = (
    *("title", "necessity", "alternatives", "city", "counterpart", "organisation", "topics"),
    *("checkin_city", "checkin_note", "deviation_city", "first_name", "last_name"),
)
DEBRIEF = (
    *("summary", "materials", "met_counterpart", "met_organisation", "met_topics", "incident"),
    "debrief_comment",
)


def _client(world: World, who: str) -> Client:
    client = Client()
    client.force_login(getattr(world.people.cast, who))
    return client


def _shown(html: str, value: str) -> bool:
    """Escaped as text, or (the audit log's data) escaped inside its JSON."""
    return escape(value) in html or escape(json.dumps(value, ensure_ascii=False)) in html


def _walk(world: World, who: str, start: list[str]) -> dict[str, str]:
    """Every page the viewer reaches by following links from `start`: {address: html}."""
    client, pages, queue = _client(world, who), {}, list(start)
    while queue:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code < 500, (who, url)
        pages[url] = ""
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            pages[url] = html = response.content.decode()
            queue += [link for link in LINK.findall(html) if not link.startswith(NOT_PAGES)]
    return pages


def test_no_page_anyone_reaches_carries_the_markup_live(world: World) -> None:
    """GIVEN markup in every field of the world
    WHEN each member of the cast walks every page they can reach
    THEN no page has it live, and every field typed is shown, as text, somewhere."""
    trip = world.trip.pk
    start = ["/", f"/debriefs/{trip}/"] + [
        f"/trips/{trip}/{page}/" for page in ("debrief", "checkin", "deviation")
    ]
    seen: set[str] = set()
    walked = 0
    for who in VIEWERS:
        for url, html in _walk(world, who, start).items():
            walked += bool(html)
            for live in LIVE_MARKUP:
                assert live not in html, f"{who} {url}: {live!r} is live"
            seen |= {name for name, value in world.typed.items() if _shown(html, value)}
    assert walked > 100
    assert seen == set(world.typed)


def _pages(world: World) -> list[tuple[str, str, tuple[str, ...]]]:
    """(viewer, address, fields the page must show as text)."""
    trip, cast = world.trip.pk, world.people.cast
    policy = PolicyVersion.objects.get(pack_id="lifecycle-test", version=2).pk
    deviation = world.trip.deviations.get().pk
    return [
        # First: each visit below signs in, and the log's first page shows the latest events.
        # Its events carry ids, not people's words (a token's name, a directive's text): each
        # is read where it was written, and none reaches the log.
        ("auditor", "/audit/", ()),
        ("traveller", f"/trips/{trip}/", (*TRAVELLER_TRIP, "conditions")),
        ("officer", f"/trips/{trip}/", TRAVELLER_TRIP),
        ("officer", f"/review/{trip}/", (*TRAVELLER_TRIP[:7], "conditions", "comment")),
        ("officer", f"/review/{world.late.pk}/", ("first_name",)),
        ("officer", f"/trips/{world.escalation.trip_id}/", ("escalation_note",)),
        ("oversight", f"/trips/{world.late.pk}/", ("follow_up",)),
        ("officer", "/watch/", ("title", "first_name")),
        ("officer", f"/debriefs/{trip}/", DEBRIEF),
        ("auditor", f"/debriefs/{trip}/", DEBRIEF),
        ("traveller", f"/trips/{trip}/debrief/", DEBRIEF),
        ("traveller", "/inbox/", ("title", "conditions", "comment", "debrief_comment")),
        ("officer", "/inbox/", ("title", "withdraw_reason", "cancel")),
        ("traveller", "/account/", ("emergency_contact_name", "token_name")),
        ("oversight", "/directives/", ("advisory", "cancel", "hold", "policy_note")),
        ("oversight", f"/policies/{policy}/", ("pack_title", "pack_description", "policy_note")),
        (
            "traveller",
            f"/invitations/{world.invitation.pk}/",
            ("event", "notes", "invitation_city"),
        ),
        ("traveller", f"/invitations/{world.declined.pk}/", ("decline_reason",)),
        ("traveller", f"/trips/{world.withdrawn.pk}/", ("withdraw_reason",)),
        ("traveller", f"/trips/{trip}/deviation/{deviation}/", ("deviation_reason",)),
        ("traveller", f"/trips/{world.draft.pk}/edit/", ("draft_title", "device_guidance")),
        ("officer", f"/people/{cast.traveller.pk}/", ("first_name", "title")),
        ("oversight", "/", ()),
    ]


def test_each_page_shows_its_fields_as_text(world: World) -> None:
    """The trip page, the decision page, the watch list, the debrief review, the inboxes, the
    audit log and the rest each show the fields they are about, escaped."""
    for who, url, fields in _pages(world):
        response = _client(world, who).get(url)
        assert response.status_code == 200, (who, url)
        html = response.content.decode()
        for live in LIVE_MARKUP:
            assert live not in html, f"{who} {url}: {live!r} is live"
        missing = [name for name in fields if not _shown(html, world.typed[name])]
        assert not missing, f"{who} {url} does not show {missing}"


def test_a_template_expression_is_never_evaluated(world: World) -> None:
    html = _client(world, "traveller").get(f"/trips/{world.trip.pk}/").content.decode()
    assert "{{ 7*7 }}" in html
    assert_shown_escaped(html, world.typed["title"])


# SQL-looking text ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", SQL)
def test_sql_looking_text_is_stored_and_shown_as_typed(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """GIVEN a trip whose title, necessity and city look like SQL
    WHEN it is saved through the form and read back
    THEN it is stored and shown exactly as typed, and every table is still there."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.force_login(cast.traveller)
    tables = set(connection.introspection.table_names())

    response = client.post(
        "/trips/new/", trip_fields(title=text, necessity=text, **{"legs-0-city": text})
    )

    assert response.status_code == 302
    trip = Trip.objects.get()
    assert (trip.title, trip.necessity, trip.legs.get().city) == (text, text, text)
    assert_shown_escaped(client.get(f"/trips/{trip.pk}/").content.decode(), text)
    assert set(connection.introspection.table_names()) == tables
    assert User.objects.count() == len(VIEWERS)


SEARCHES = [
    ("officer", "/people/", ("q",)),
    ("officer", "/review/", ("tier", "finding")),
    ("oversight", "/directives/instruction/cancel/", ("q",)),
    ("oversight", "/directives/instruction/hold/", ("q",)),
    ("auditor", "/audit/", ("action", "object_id")),
]


@pytest.mark.parametrize("text", SQL)
@pytest.mark.parametrize(("who", "url", "params"), SEARCHES)
def test_sql_looking_searches_answer_and_break_nothing(
    client: Client,
    cast: Cast,
    monkeypatch: pytest.MonkeyPatch,
    who: str,
    url: str,
    params: tuple[str, ...],
    text: str,
) -> None:
    """A search or filter box given SQL answers its page with the text kept in the box, and
    every table and row is still there."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.force_login(getattr(cast, who))
    tables = set(connection.introspection.table_names())

    response = client.get(url, dict.fromkeys(params, text))

    assert response.status_code == 200
    page = Page(response.content)
    for name in params:
        box = [control for control in page.controls if control.name == name]
        if box and box[0].tag == "input":
            assert box[0].submitted() == [text]
    assert set(connection.introspection.table_names()) == tables
    assert User.objects.count() == len(VIEWERS)


def test_the_audit_log_shows_none_of_the_words_typed(world: World) -> None:
    """Every field above was typed with hostile text; the log's events carry ids and codes, so
    none of it reaches the auditor's page."""
    html = _client(world, "auditor").get("/audit/").content.decode()
    assert [name for name, value in world.typed.items() if _shown(html, value)] == []
