"""The main navigation: what each role has to go to, in the order they need it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sojourn.people.models import Role

Entry = tuple[str, Promise]

HOME: Entry = ("home", _("Home"))
INBOX: Entry = ("inbox", _("Inbox"))
ACCOUNT: Entry = ("account", _("Account"))

MENUS: dict[Role, tuple[Entry, ...]] = {
    Role.TRAVELLER: (
        HOME,
        ("trip-new", _("New trip")),
        ("invitation-list", _("Invitations")),
        INBOX,
        ACCOUNT,
    ),
    Role.OFFICER: (
        HOME,
        ("console:review-queue", _("Review")),
        ("console:watch", _("Watch list")),
        ("console:debrief-queue", _("Debriefs")),
        ("console:people", _("People")),
        ("invitation-list", _("Invitations")),
        INBOX,
        ACCOUNT,
    ),
    Role.OVERSIGHT: (
        HOME,
        ("oversight-dashboard", _("Dashboard")),
        ("console:review-queue", _("Final approvals")),
        ("console:watch", _("Watch list")),
        ("policy-list", _("Policies")),
        ("directive-list", _("Directives")),
        ("console:people", _("People")),
        ("audit-log", _("Audit log")),
        INBOX,
        ACCOUNT,
    ),
    Role.AUDITOR: (
        HOME,
        ("oversight-dashboard", _("Dashboard")),
        ("console:watch", _("Watch list")),
        ("console:debrief-queue", _("Debriefs")),
        ("console:people", _("People")),
        ("audit-log", _("Audit log")),
        INBOX,
        ACCOUNT,
    ),
    Role.ADMIN: (HOME, ("admin:index", _("Administration")), ACCOUNT),
}


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    current: bool


def menu(role: Role | None, path: str) -> list[NavItem]:
    items = []
    for name, label in MENUS.get(role, ()) if role else ():
        url = reverse(name)
        current = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(url=url, label=str(label), current=current))
    return items
