"""Links that are credentials (a one-tap check-in link) are built when an email is sent, never
stored: the outbox keeps what names the link, so a copy of the outbox, the admin or a backup
holds no link that works.

A service puts a `Link` in a notification's params (`Link("checkin", (link_id, trip_id))`); the
row stores it as `{"_link": ["checkin", link_id, trip_id]}`. Delivery words the email with the
link built by the builder its domain registered at start-up (care, in CareConfig.ready: the
outbox sits below care). Anywhere else (the stored subject and body, the inbox, the API) the
link reads as a note that it was sent by email.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

LINK = "_link"
Builder = Callable[..., str]

_builders: dict[str, Builder] = {}


@dataclass(frozen=True)
class Link:
    """A link to build at delivery: the builder's name and what it is built from (ids)."""

    name: str
    args: tuple[int | str, ...]

    def stored(self) -> dict[str, list[int | str]]:
        return {LINK: [self.name, *self.args]}


def register(name: str, builder: Builder) -> None:
    """The function that builds the links named `name` (one per name, registered at start-up)."""
    _builders.setdefault(name, builder)


def is_link(value: Any) -> bool:
    return isinstance(value, dict) and LINK in value


def resolve(value: dict[str, list[Any]], *, live: bool) -> str:
    """The link itself when `live` (an email being sent), else a note that the email has it."""
    if not live:
        return gettext("(the link is in the email)")
    name, *args = value[LINK]
    return _builders[name](*args)
