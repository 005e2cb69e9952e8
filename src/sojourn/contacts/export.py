"""The register as a CSV download: the rows the register page lists, on every page of it.

Officers export their organisation's register, oversight and auditors every register; travellers
have no register to export (403). The export is audited like the trips' exports (who, which
filters, whether there was a search; never the rows nor the words searched for) before the first
byte is sent. The file is UTF-8 with a byte-order mark, so spreadsheets keep Chinese names
intact, and every cell a spreadsheet would run as a formula is made inert
(`sojourn.trips.export.neutralise`).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sojourn.audit import services as audit
from sojourn.contacts import page_parts
from sojourn.contacts.models import Contact, ContactKind
from sojourn.contacts.register_lists import RegisterFilters, filtered, register
from sojourn.contacts.views import filters_of, viewer
from sojourn.people.access import person_of, role_of
from sojourn.people.models import Role
from sojourn.people.today import today_for
from sojourn.security.reauth import recent_authentication_required
from sojourn.trips.export import BOM, CHUNK, CONTENT_TYPE, FLUSH_AT, neutralise

EXPORTERS = frozenset({Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR})


def header() -> list[str]:
    return [
        _("ID"),
        _("Kind"),
        _("Name"),
        _("Aliases"),
        _("Country"),
        _("Affiliation"),
        _("Organisation"),
        _("Last seen"),
        _("Sightings"),
        _("Travellers"),
        _("Flags"),
    ]


def row(contact: Contact, flags: list[page_parts.Flag], kinds: dict[str, str]) -> list[str]:
    aliases = [a.name for a in contact.aliases.all() if a.name != contact.name]
    last_seen: datetime.date | None = getattr(contact, "last_seen", None)
    cells = [
        str(contact.pk),
        kinds.get(contact.kind, contact.kind),
        contact.name,
        "; ".join(aliases),
        contact.country,
        contact.affiliation.name if contact.affiliation else "",
        contact.organisation.name,
        last_seen.isoformat() if last_seen else "",
        str(getattr(contact, "seen", 0)),
        str(getattr(contact, "travellers", 0)),
        "; ".join(str(flag.label) for flag in flags),
    ]
    return [neutralise(cell) for cell in cells]


def lines(
    contacts: QuerySet[Contact], flagged: QuerySet[Contact], language: str
) -> Iterator[bytes]:
    """The file, BOM and header first, in pieces of about `FLUSH_AT` characters; the flags of
    `flagged` (the same contacts, unannotated) are looked up once, before the rows."""
    with translation.override(language):
        flags = page_parts.flags_of(flagged)
        kinds = {kind.value: str(kind.label) for kind in ContactKind}
        buffer = io.StringIO()
        buffer.write(BOM)
        writer = csv.writer(buffer)
        writer.writerow([neutralise(label) for label in header()])
        rows = contacts.select_related("affiliation", "organisation").prefetch_related("aliases")
        for contact in rows.iterator(chunk_size=CHUNK):
            writer.writerow(row(contact, flags.get(contact.pk, []), kinds))
            if buffer.tell() >= FLUSH_AT:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")


def _audit(user: User, filters: RegisterFilters, filename: str, now: datetime.datetime) -> None:
    data = {
        "filename": filename,
        "filters": filters.applied(),
        "has_search": bool(filters.search.strip()),
    }
    subject = person_of(user) or user
    audit.record(actor=user, action="contacts.exported", obj=subject, at=now, data=data)


@never_cache
@login_required
@require_GET
@recent_authentication_required
def contacts_csv(request: HttpRequest) -> StreamingHttpResponse:
    user = viewer(request)
    if role_of(user) not in EXPORTERS:
        raise PermissionDenied
    _form, filters = filters_of(request)
    now = timezone.now()
    filename = f"sojourn-contacts-{today_for(user, now).isoformat()}.csv"
    _audit(user, filters, filename, now)
    language = translation.get_language() or "en"
    rows = lines(register(user, filters), filtered(user, filters), language)
    response = StreamingHttpResponse(rows, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    # Names of foreign contacts are personal data: nothing on the way keeps a copy.
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response
