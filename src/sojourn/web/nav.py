"""The main navigation: every section the viewer's role may open (sojourn.people.sections, the
table the section views check), in the order they need it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from sojourn.people.models import Role
from sojourn.people.sections import sections_of

Entry = tuple[str, Promise]

MENUS: dict[Role, tuple[Entry, ...]] = {
    role: tuple((section.url_name, section.label_for(role)) for section in sections_of(role))
    for role in Role
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
