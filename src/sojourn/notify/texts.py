"""A notification's words: rendered from its kind and params by a template, in the reader's
language, whenever it is read.

The services store a notification as a kind (`trip.approved`) and its params (the trip's title,
a date, a person's name); `notify/texts/<kind>.txt` words it, its first line the subject and
the rest the body. The inbox and the API render it in the language the reader reads now, the
email in the recipient's language when it is sent: a notification written before its reader
switched to Chinese reads in Chinese.

A param that is itself a text to translate (a route's label, a directive's reason) is given as
a lazy text and stored in every language of the site.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from sojourn.notify import frames, links
from sojourn.notify.models import Notification

Params = Mapping[str, object]
WORDED = "_worded"  # the key of a param stored in every language: {"_worded": {"en": …}}


def stored(params: Params) -> dict[str, Any]:
    """The params as JSON: dates as ISO dates, lazy texts in every language of the site."""
    return {name: _stored(value) for name, value in params.items()}


def _stored(value: object) -> Any:
    if isinstance(value, links.Link):
        return value.stored()
    if isinstance(value, Promise):
        words = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                words[code] = str(value)
        return {WORDED: words}
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return stored(value)
    if isinstance(value, list | tuple):
        return [_stored(item) for item in value]
    return value


def render(
    kind: str, params: Mapping[str, Any], language: str, *, live: bool = False
) -> tuple[str, str]:
    """The subject and the body of a notification of `kind`, in `language`; with `live` (an
    email being sent, never a stored row), its links built (`sojourn.notify.links`)."""
    with translation.override(language):
        context = {
            name: _held(_worded(value, language, live=live)) for name, value in params.items()
        }
        text = frames.render(f"notify/texts/{kind}.txt", context)
    subject, _newline, body = text.strip().partition("\n")
    # A line break inside a param (a title typed with one) is not the template's own: the
    # subject keeps every word on its one line, the body keeps the break.
    return " ".join(subject.replace(HELD_BREAK, " ").split()), body.replace(
        HELD_BREAK, "\n"
    ).strip()


# Stands in for a line break inside a param while the template's own first break is found; a
# NUL never reaches a stored text (every face refuses it).
HELD_BREAK = "\x00"


def _held(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\r\n", HELD_BREAK).replace("\r", HELD_BREAK).replace("\n", HELD_BREAK)
    return value


def _worded(value: Any, language: str, *, live: bool) -> Any:
    if links.is_link(value):
        return links.resolve(value, live=live)
    if isinstance(value, Mapping) and WORDED in value:
        words: Mapping[str, str] = value[WORDED]
        return words.get(language) or words.get(settings.LANGUAGE_CODE) or ""
    return value


# Retention (sojourn.retention) empties a notification past its period: its body goes, and its
# params keep only what its subject needs, marked so that it is worded without a body (the row's
# `purged_at` says the same to SQL, which cannot read the sealed params).
PURGED = "_purged"
PERSONAL = frozenset({"city", "place", "note", "reason", "comment", "conditions", "time"})


def purged(params: Mapping[str, Any]) -> dict[str, Any]:
    """The params of a purged notification: no place, no one's words, the mark."""
    kept = {name: value for name, value in params.items() if name not in PERSONAL}
    return {**kept, PURGED: True}


def is_purged(notification: Notification) -> bool:
    return notification.purged_at is not None or bool(
        notification.params and notification.params.get(PURGED)
    )


def word(
    notification: Notification, language: str | None = None, *, live: bool = False
) -> Notification:
    """The row with its subject and body in `language` (the one active by default), in memory
    (`live`: the email being sent, links built); rows written before notifications kept their
    params keep the words they were written in. A purged row keeps its subject and has no body."""
    if notification.params is not None:
        notification.subject, notification.body = render(
            notification.kind,
            notification.params,
            language or translation.get_language(),
            live=live,
        )
        if is_purged(notification):
            notification.body = ""
    return notification
