"""Sojourn fully in Chinese: every page of every role of the sweep (the demo world), read by a
browser that asks for 简体中文, shows no run of English words but data and proper names.

What a page shows is its text and the words of its attributes people read (`title`,
`aria-label`, `placeholder`, `alt`); `<code>`, `<pre>` and `<textarea>` hold identifiers and data
as they are, and are left out. The data of the demo world (every text stored in Sojourn's
models: titles, names, places, notes, reasons) is taken out before looking, so the allow-list
below is only what is neither data nor Chinese: proper names and codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models

from sojourn.web.tests import sweep as swept
from sojourn.web.tests.sweep import PEOPLE_AND_ANONYMOUS, Sweep

sweep = swept.sweep  # the demo world of the sweep, built once for this module

# Two or more Latin words in a row (a word: two letters or more, with ' or - inside): English.
RUN = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[ \t\n,:;/]+[A-Za-z][A-Za-z'’-]+)+")
# A stored code (a tier, a route, an action): not data to take out, it could hide a word.
CODE = re.compile(r"^[a-z0-9_.@:-]*$")
# Country codes in a row ("SG, MY"): codes, not words.
CODES = re.compile(r"^[A-Z]{2}(?:[ ,;/]+[A-Z]{2})*$")
# Proper names a Chinese page rightly shows in Latin letters (one word alone is not a run, so
# only names of several words need to be here).
ALLOWED: tuple[str, ...] = ("Sojourn",)
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
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name not in ours
        ]
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if isinstance(value, str) and not CODE.match(value):
                    found.update(line.strip() for line in value.splitlines() if line.strip())
    # People as the pages name them.
    for first, last in User.objects.values_list("first_name", "last_name"):
        found.update({f"{first} {last}".strip(), f"{last} {first}".strip()})
    return sorted(found, key=len, reverse=True)


def english_runs(html: str, data: list[str]) -> Iterator[str]:
    parser = _Text()
    parser.feed(html)
    text = "\n".join(parser.parts)
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
