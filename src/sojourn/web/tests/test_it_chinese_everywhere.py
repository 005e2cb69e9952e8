"""Sojourn fully in Chinese: every page of every role of the sweep (the demo world), read by a
browser that asks for 简体中文, shows no run of English words but data and proper names.

What a page shows is its text and the words of its attributes people read (`title`,
`aria-label`, `placeholder`, `alt`); `<code>`, `<pre>` and `<textarea>` hold identifiers and data
as they are, and are left out. The data of the demo world (every text stored in Sojourn's
models: titles, names, places, notes, reasons) is taken out before looking, so the allow-list
below is only what is neither data nor Chinese: proper names and codes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import reverse

from sojourn.api.feeds import feed_for
from sojourn.console.views.export import SCOPES
from sojourn.notify import texts
from sojourn.notify.messages import build_message
from sojourn.notify.models import Notification
from sojourn.people.models import Person
from sojourn.security.tokens import create_token
from sojourn.web.tests import sweep as swept
from sojourn.web.tests.sweep import ANONYMOUS, PEOPLE_AND_ANONYMOUS, SWEPT_AT, Sweep

pytestmark = pytest.mark.presentation
sweep = swept.sweep  # the demo world of the sweep, built once for this module

# Two or more Latin words in a row (a word: two letters or more, with ' or - inside): English.
RUN = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[ \t\n,:;/]+[A-Za-z][A-Za-z'’-]+)+")
# A stored code (a tier, a route, an action): not data to take out, it could hide a word.
CODE = re.compile(r"^[a-z0-9_.@:-]*$")
# Country codes in a row ("SG, MY"): codes, not words.
CODES = re.compile(r"^[A-Z]{2}(?:[ ,;/]+[A-Z]{2})*$")
# Proper names a Chinese page rightly shows in Latin letters (one word alone is not a run, so
# only names of several words need to be here), and the one HTTP header the API's 401 names.
ALLOWED: tuple[str, ...] = ("Sojourn", "Authorization: Bearer")
# Links and email addresses in a text (an email's link, an event's URL) are addresses, not words;
# names in backticks (an API message's `parameter`) are code, as `<code>` is on a page.
ADDRESS = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|`[^`\n]*`")
SKIPPED = {"code", "pre", "textarea", "script", "style", "kbd", "samp"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class _Text(HTMLParser):
    """The words of a page a person reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        self.parts.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


# Texts Sojourn itself writes into the database: not data, they must read in Chinese too.
WRITTEN_BY_SOJOURN = {
    "directives.policyversion": {"title", "note"},
    "notify.notification": {"subject", "body"},
    "trips.review": {"comment"},
}


# JSON fields that hold what a person typed (the texts in an invitation's funding rows): data.
# Other JSON (an assessment's facts) is Sojourn's own and is not taken out.
TYPED_JSON = {"trips.invitation": {"funding"}}


def _stored_texts(value: object) -> Iterator[str]:
    """The texts in a stored value: itself, or those inside a JSON one (what a person typed in
    an invitation's funding rows, say)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _stored_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _stored_texts(item)


def _data() -> list[str]:
    """Every text the demo world stores, longest first, line by line."""
    found: set[str] = set()
    for model in apps.get_models():
        if not (model.__module__.startswith("sojourn.") or model is User):
            continue
        ours = WRITTEN_BY_SOJOURN.get(model._meta.label_lower, set())
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if (
                isinstance(f, models.CharField | models.TextField)
                or f.name in TYPED_JSON.get(model._meta.label_lower, set())
            )
            and not f.choices
            and f.name not in ours
        ]
        for row in model._default_manager.values_list(*fields):
            for value in _stored_texts(row):
                if not CODE.match(value):
                    found.update(line.strip() for line in value.splitlines() if line.strip())
    # People as the pages name them.
    for first, last in User.objects.values_list("first_name", "last_name"):
        found.update({f"{first} {last}".strip(), f"{last} {first}".strip()})
    return sorted(found, key=len, reverse=True)


def english_runs(html: str, data: list[str]) -> Iterator[str]:
    parser = _Text()
    parser.feed(html)
    return english_in_text("\n".join(parser.parts), data)


def english_in_text(text: str, data: list[str]) -> Iterator[str]:
    """The runs of English words in a plain text (an email, a CSV cell, a calendar's event, an
    API answer's string), data, proper names and addresses aside."""
    text = ADDRESS.sub("\n", text)
    for value in data:
        if len(value) > 2 and value in text:
            text = text.replace(value, "\n")
    for allowed in ALLOWED:
        text = text.replace(allowed, "\n")
    for run in RUN.finditer(text):
        if not CODES.match(run.group()):
            yield " ".join(run.group().split())


@pytest.mark.parametrize("username", PEOPLE_AND_ANONYMOUS)
def test_every_page_is_in_chinese_for_a_chinese_browser(
    sweep: Sweep, db: None, username: str
) -> None:
    """GIVEN a person of the demo who chose no language (or nobody signed in), with a browser
    asking for 简体中文 WHEN they open each page of the sweep THEN no run of English words shows
    on it, data and proper names aside."""
    data = _data()
    client = sweep.client(username)
    found: dict[str, list[str]] = {}
    for page in sweep.pages_of(username):
        response = client.get(page.url, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        assert response.status_code == 200, f"{page}: {response.status_code}"
        runs = sorted(set(english_runs(response.content.decode(), data)))
        if runs:
            found[str(page)] = runs
    assert not found, "English on pages in Chinese:\n" + "\n".join(
        f"  {page}: {runs}" for page, runs in found.items()
    )


# What else a Chinese reader gets: emails, CSV files, calendars, API answers --------------------

ZH = {"Accept-Language": "zh-hans"}
PEOPLE = [username for username in PEOPLE_AND_ANONYMOUS if username != ANONYMOUS]
# The CSV's columns of codes, for machines: `等级代码`, `评估发现代码`.
CODE_COLUMNS = {"等级代码", "评估发现代码"}
# Keys of an API answer that hold codes or documents for machines, not words: a pack's YAML,
# the params a client words itself.
MACHINE_KEYS = {"source", "params"}


def _reading_chinese() -> None:
    """Every person of the demo reads Chinese as the demo's people do: they chose no language,
    and their browser asks for 简体中文 (what an email or a calendar follows)."""
    Person.objects.update(language="", browser_language="zh-hans")


def _runs_in(texts: Iterable[str], data: list[str]) -> list[str]:
    """The runs of English in each text apart (codes, alone in a text, are no words): a CSV's
    cells, an API answer's strings, a calendar's summaries."""
    return sorted(
        {
            run
            for text in texts
            if not (CODE.match(text) or CODES.match(text))
            for run in english_in_text(text, data)
        }
    )


def _report(found: dict[str, list[str]], what: str) -> str:
    return f"English in {what} in Chinese:\n" + "\n".join(
        f"  {where}: {runs}" for where, runs in found.items()
    )


def test_every_email_is_in_chinese_for_a_chinese_reader(sweep: Sweep, db: None) -> None:
    """GIVEN every notification of the demo world (but those purged), its recipient reading
    Chinese WHEN its email is made THEN neither its subject, its text nor its HTML shows a run
    of English words."""
    _reading_chinese()
    data = _data()
    found: dict[str, list[str]] = {}
    # A row whose words the retention purge removed was delivered long ago: no email is made of
    # it again (what the inbox shows of it, the pages' test reads).
    rows = Notification.objects.filter(params__isnull=False).select_related("recipient__person")
    assert rows.exists()
    for row in rows.order_by("pk"):
        message = build_message(row)
        html = str(message.alternatives[0][0])
        runs = {*english_in_text(f"{message.subject}\n{message.body}", data)}
        runs |= {*english_runs(html, data)}
        if runs:
            found[f"{row.kind} #{row.pk} to {row.recipient.get_username()}"] = sorted(runs)
    assert not found, _report(found, "emails")


TEXTS = Path(texts.__file__).parent / "templates" / "notify" / "texts"
# A value for every param a notification's text names (data a single letter, no word).
EVERY_PARAM = {
    **dict.fromkeys(("hours", "failures", "addresses", "done"), 3),
    "route": "review",
    "country": "US",
    "date": "2026-03-02",
    "time": "2026-03-02T09:00+00:00",
}


# The params a text names: `{{ name }}`, `{% if name %}`, `{% blocktranslate with c=name %}`.
PARAM = re.compile(r"{{\s*(\w+)|{%\s*(?:el)?if\s+(\w+)|with\s+\w+=(\w+)")


@pytest.mark.parametrize("kind", sorted(p.stem for p in TEXTS.glob("[!_]*.txt")))
@pytest.mark.parametrize("given", ["every param", "none but the title"])
def test_every_kind_of_notification_is_in_chinese(kind: str, given: str) -> None:
    """GIVEN a notification of each kind there is (not only those the demo holds), with every
    param it may name, or with none of the optional ones WHEN worded in Chinese THEN its
    subject and body show no run of English words."""
    template = TEXTS.joinpath(f"{kind}.txt").read_text()
    for included in re.findall(r'{% include "notify/texts/(\w+\.txt)" %}', template):
        template += TEXTS.joinpath(included).read_text()
    names = {name for found in PARAM.findall(template) for name in found if name}
    params: dict[str, object] = {"title": "Z"}
    if given == "every param":
        params |= {name: EVERY_PARAM.get(name, "Z") for name in names if name not in params}

    subject, body = texts.render(kind, params, "zh-hans")

    assert not list(english_in_text(f"{subject}\n{body}", [])), (subject, body)


def test_every_csv_export_is_in_chinese(sweep: Sweep, db: None) -> None:
    """GIVEN each person of the demo with a browser asking for 简体中文 WHEN they export each list
    of trips they may THEN no cell but the code columns shows a run of English words."""
    data = _data()
    found: dict[str, list[str]] = {}
    for username in PEOPLE:
        client = sweep.client(username)
        for scope in SCOPES:
            response = client.get(reverse("trip-export"), {"scope": scope}, headers=ZH)
            if response.status_code != 200:
                continue  # a list the person may not export
            text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
            header, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
            cells = [
                cell
                for row in (header, *rows)
                for name, cell in zip(header, row, strict=True)
                if name not in CODE_COLUMNS
            ]
            runs = _runs_in(cells, data)
            if runs:
                found[f"{username} {scope}"] = runs
    assert not found, _report(found, "CSV exports")


def test_every_calendar_feed_is_in_chinese(sweep: Sweep, db: None) -> None:
    """GIVEN each person of the demo reading Chinese WHEN their calendar feed is made THEN its
    name and its events' summaries and descriptions show no run of English words."""
    _reading_chinese()
    data = _data()
    found: dict[str, list[str]] = {}
    for username in PEOPLE:
        calendar = feed_for(User.objects.get(username=username), now=SWEPT_AT)
        texts = [str(calendar.get("x-wr-calname", ""))]
        for event in calendar.walk("VEVENT"):
            texts += [str(event.get("summary", "")), str(event.get("description", ""))]
        runs = _runs_in(texts, data)
        if runs:
            found[username] = runs
    assert not found, _report(found, "calendar feeds")


def _strings(answer: Any) -> Iterator[str]:
    """Every string of a JSON answer but those under keys for machines."""
    if isinstance(answer, str):
        yield answer
    elif isinstance(answer, list):
        for item in answer:
            yield from _strings(item)
    elif isinstance(answer, dict):
        for key, value in answer.items():
            if key not in MACHINE_KEYS:
                yield from _strings(value)


def _api_paths(client: Client) -> Iterator[str]:
    """What the person reads over the API: each list, and the objects on its first page (a trip
    of each status, with its check-ins or debrief where it has them)."""
    yield from ("me", "notifications", "people")
    trips = client.get("/api/v1/trips").json()["items"]
    for trip in {trip["status"]: trip for trip in trips}.values():
        yield f"trips/{trip['id']}"
        if trip["status"] == "in_progress":
            yield f"trips/{trip['id']}/checkins"
        if trip["status"] in ("debriefed", "closed"):
            yield f"trips/{trip['id']}/debrief"
    for name, path in (("invitations", "invitations/{id}"), ("directives", "directives/{id}")):
        for item in client.get(f"/api/v1/{name}").json()["items"]:
            yield path.format(**item)
    for item in client.get("/api/v1/policies").json()["items"]:
        yield f"policies/{item['pack_id']}/{item['version']}"


def test_the_api_answers_in_chinese(sweep: Sweep, db: None) -> None:
    """GIVEN each person of the demo with a token, asking in 简体中文 (Accept-Language)
    WHEN they read every list and the objects in them, and meet the API's errors (no such trip,
    a choice or a parameter the list does not know, a body that is not a trip, no token)
    THEN no string of an answer but the codes and params for machines shows a run of English
    words: messages, labels, titles of problems."""
    data = _data()
    found: dict[str, list[str]] = {}
    for username in PEOPLE:
        user = User.objects.get(username=username)
        made = create_token(actor=user, user=user, name="zh", scope="write", now=SWEPT_AT)
        client = Client(headers={**ZH, "Authorization": f"Bearer {made.secret}"})
        answers = {f"GET {path}": client.get(f"/api/v1/{path}") for path in _api_paths(client)}
        answers["GET trips/999999"] = client.get("/api/v1/trips/999999")
        answers["GET trips?order=sideways"] = client.get("/api/v1/trips", {"order": "sideways"})
        answers["GET trips?nope=1"] = client.get("/api/v1/trips", {"nope": "1"})
        answers["POST trips"] = client.post(
            "/api/v1/trips", {"title": 7, "legs": "x"}, content_type="application/json"
        )
        for where, response in answers.items():
            runs = _runs_in(_strings(response.json()), data)
            if runs:
                found[f"{username} {where} ({response.status_code})"] = runs
    unsigned = Client(headers=ZH).get("/api/v1/trips")
    runs = _runs_in(_strings(unsigned.json()), data)
    if runs:
        found["no token GET trips"] = runs
    assert not found, _report(found, "API answers")
