"""The register as the web lists it: an organisation's contacts (officers), every register
(oversight, auditors), a traveller's own contacts; with the filters and orders of the page.

Names are sealed at rest, so a page decrypts only its own rows, and a search by name looks the
words up by their blocking keys (`sojourn.contacts.register.key_fingerprints`), as matching does,
never with a LIKE on ciphertext.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, F, Max, QuerySet

from sojourn.contacts import page_parts
from sojourn.contacts.models import Alias, Contact, ContactKind, Sighting
from sojourn.contacts.register import key_fingerprints, parsed


@dataclass(frozen=True)
class RegisterFilters:
    search: str = ""
    kind: str = ""
    country: str = ""
    flagged: bool = False
    order: str = "last_seen"

    def applied(self) -> dict[str, str]:
        """The filters as the export's audit event records them (a search only as a yes)."""
        shown = {"kind": self.kind, "country": self.country, "order": self.order}
        shown["flagged"] = "yes" if self.flagged else ""
        return {name: value for name, value in shown.items() if value}


def named(search: str, kind: str = "") -> QuerySet[Alias]:
    """The aliases sharing a blocking key with `search`, read as a name of `kind` (or of either
    kind): the candidates matching would compare it with."""
    kinds = [kind] if kind in ContactKind.values else list(ContactKind.values)
    keys = [key for k in kinds for key in key_fingerprints(parsed(search, k))]
    return Alias.objects.filter(keys__key__in=keys)


def filtered(user: User, filters: RegisterFilters) -> QuerySet[Contact]:
    """The current contacts of the viewer's registers the filters admit, not yet annotated."""
    contacts = Contact.objects.visible_to(user).current()
    if filters.kind in ContactKind.values:
        contacts = contacts.filter(kind=filters.kind)
    if filters.country:
        contacts = contacts.filter(country=filters.country.upper())
    if filters.search.strip():
        contacts = contacts.filter(pk__in=named(filters.search, filters.kind).values("contact_id"))
    if filters.flagged:
        contacts = contacts.filter(pk__in=page_parts.flagged_ids(contacts))
    return contacts


def register(user: User, filters: RegisterFilters) -> QuerySet[Contact]:
    """The rows of the register page and of its export, in the order asked: the latest seen
    first (never seen last), or the most seen first."""
    contacts = filtered(user, filters).annotate(
        last_seen=Max("sightings__occurred_on"),
        seen=Count("sightings", distinct=True),
        travellers=Count("sightings__reporter", distinct=True),
    )
    latest = F("last_seen").desc(nulls_last=True)
    if filters.order == "most_seen":
        return contacts.order_by("-seen", latest, "-pk")
    return contacts.order_by(latest, "-seen", "-pk")


@dataclass(frozen=True)
class OwnContact:
    """A contact as the traveller who sighted it sees it: by the name they last gave it."""

    contact_id: int
    name: str
    last_seen: datetime.date
    seen: int


def own_contacts(user: User) -> QuerySet[Sighting, dict[str, object]]:
    """The traveller's own sightings by contact, the latest seen first (a values queryset)."""
    return (
        Sighting.objects.filter(reporter=user, contact__merged_into__isnull=True)
        .values("contact_id")
        .annotate(last_seen=Max("occurred_on"), seen=Count("pk"))
        .order_by("-last_seen", "-contact_id")
    )


def own_lines(user: User, rows: list[dict[str, object]]) -> list[OwnContact]:
    """A page of `own_contacts`, each named as the traveller last gave the name."""
    ids = [row["contact_id"] for row in rows]
    names: dict[object, str] = {}
    for sighting in Sighting.objects.filter(reporter=user, contact_id__in=ids).order_by(
        "-occurred_on", "-pk"
    ):
        names.setdefault(sighting.contact_id, sighting.name)
    return [
        OwnContact(
            contact_id=int(str(row["contact_id"])),
            name=names.get(row["contact_id"], ""),
            last_seen=row["last_seen"],  # type: ignore[arg-type]
            seen=int(str(row["seen"])),
        )
        for row in rows
    ]
