"""A notification's templates rendered once per language and filled (sojourn.notify.frames) read
exactly as the same templates rendered for each message: every kind's text and the email's text
and HTML, in both languages, whichever values came first and filled the frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from sojourn.notify import frames
from sojourn.notify.texts import HELD_BREAK

TEXTS = Path(__file__).resolve().parent.parent / "templates" / "notify" / "texts"
KINDS = sorted(path.stem for path in TEXTS.glob("*.txt") if not path.stem.startswith("_"))
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Markup, a gettext placeholder, template syntax, a line break as texts.render holds it, and
# something shaped like a frame's own marker: none of it may change how a frame is filled.
AWKWARD = f'<b>"R&D"</b> 100% %(title)s {{{{ x }}}}{HELD_BREAK}\x01&0123456789abcdef:title\x01'


def _params(text: str, number: int, truthy: bool) -> dict[str, Any]:
    """Every name a notification text reads; all of them false when not `truthy`."""
    if not truthy:
        return dict.fromkeys(NAMES, "") | {"hours": 0, "failures": 0, "addresses": 0}
    return dict.fromkeys(NAMES, text) | {
        "country": "FR",
        "route": "auto_approve",
        "tier": "restricted",
        "hours": number,
        "failures": number,
        "addresses": number + 1,
        "under_way": True,
    }


NAMES = [
    "title",
    "date",
    "traveller",
    "organisation",
    "country",
    "city",
    "place",
    "note",
    "time",
    "hours",
    "url",
    "help_url",
    "expires",
    "reviewer",
    "step",
    "decision",
    "conditions",
    "comment",
    "route",
    "reason",
    "actor",
    "tier",
    "done",
    "under_way",
    "failures",
    "addresses",
    "name",
]
CONTEXTS = [
    _params("Conference in Paris", 6, truthy=True),
    _params(AWKWARD, 12, truthy=True),
    _params("", 0, truthy=False),
    _params("北京 会议", 24, truthy=True) | {"place": "", "city": "Lyon", "comment": ""},
    _params("Second trip", 1, truthy=True) | {"country": "US", "route": "not_required"},
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_reads_as_rendered_per_message(kind, language):
    """
    GIVEN a notification kind's text and values of every shape (true, false, awkward)
    WHEN each is rendered from the frame, in turn, in one language
    THEN each reads exactly as the template rendered for it alone
    """
    name = f"notify/texts/{kind}.txt"
    with translation.override(language):
        for context in CONTEXTS:
            assert frames.render(name, context) == render_to_string(name, context)


EMAILS = [
    {
        "subject": "Trip approved: Paris",
        "body": "Your trip was approved.\n\nSafe travels: https://travel.example.org/trips/7/",
        "body_html": "<p>Your trip was approved.</p>",
        "urgent": False,
        "on_trip": True,
        "name": "Lin Wei",
        "link": "https://travel.example.org/trips/7/",
    },
    {
        "subject": AWKWARD,
        "body": AWKWARD,
        "body_html": "<p>&lt;b&gt;</p>",
        "urgent": True,
        "on_trip": False,
        "name": "O'Brien & <Sons>",
        "link": "https://travel.example.org/inbox/?a=1&b=2",
    },
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", ["notify/email.txt", "notify/email.html"])
def test_the_email_reads_as_rendered_per_message(template, language):
    """
    GIVEN the email's text and HTML templates, and two messages of every other shape
    WHEN each is rendered from the frame, in turn
    THEN each reads exactly as the template rendered for it alone, escaped where it escapes
    """
    with translation.override(language):
        for context in [*EMAILS, *reversed(EMAILS)]:
            assert frames.render(template, context) == render_to_string(template, context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_value_missing_then_given_reads_as_rendered_per_message(language):
    """
    GIVEN a kind whose text tests a value that some notifications do not give (the step already
          approved, of a trip to review)
    WHEN one without it, then one with it, then one without it are rendered from frames
    THEN each reads exactly as the template rendered for it alone
    """
    name = "notify/texts/trip.review_needed.txt"
    given = {"title": "Paris", "traveller": "Lin", "date": "2026-04-01", "step": "officer"}
    with translation.override(language):
        for context in [given, given | {"done": "officer"}, given]:
            assert frames.render(name, context) == render_to_string(name, context)


def test_a_template_with_an_unknown_tag_is_rendered_as_before():
    """
    GIVEN a template using a tag frames cannot see into (the check-in place reads the context)
    WHEN it is rendered
    THEN it is rendered in full each time, and reads as before
    """
    name = "notify/texts/escalation.need_help.txt"
    assert frames._shape(name).opaque
    with translation.override("zh-hans"):
        for context in CONTEXTS:
            assert frames.render(name, context) == render_to_string(name, context)
