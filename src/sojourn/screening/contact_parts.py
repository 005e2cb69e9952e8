"""What screening adds to the contact register's pages (`sojourn.contacts.page_parts`): the flag
of a contact with a hit no officer dismissed, and the contact page's section of its hits."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sojourn.contacts import page_parts
from sojourn.contacts.models import Contact
from sojourn.people.access import role_of
from sojourn.people.models import Role
from sojourn.screening.models import Hit
from sojourn.screening.screen import flagged, undismissed

READERS = frozenset({Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR})


def with_open_hit(contacts: QuerySet[Contact]) -> set[int]:
    hit = Hit.objects.filter(contact__in=contacts.values("pk"))
    return flagged(set(hit.values_list("contact_id", flat=True)))


@dataclass(frozen=True)
class HitLine:
    hit: Hit
    dismissed: bool


def hits_part(contact: Contact, viewer: User) -> page_parts.Part | None:
    """The contact's hits, newest first, for those who read the register (never travellers)."""
    if role_of(viewer) not in READERS:
        return None
    hits = list(
        Hit.objects.filter(contact=contact).select_related("entry__snapshot__screening_list")
    )
    still_open = {hit.pk for hit in undismissed(hits)}
    lines = [HitLine(hit, hit.pk not in still_open) for hit in hits]
    return page_parts.Part("screening/contact_hits.html", {"lines": lines})


def register() -> None:
    page_parts.add_flag("screening_hit", _("Open screening hit"), with_open_hit)
    page_parts.add_part("screening_hits", hits_part)
