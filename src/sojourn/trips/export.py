"""Trips as a CSV file, streamed: the web's "Export CSV" links and the API's export call this.

The rows are read `CHUNK` trips at a time (their legs prefetched per chunk), written through
`csv.writer` into a small buffer and sent as they are made, so a list of 100,000 trips costs the
memory of one chunk and a few queries per chunk, never one per row.

The file opens with a byte-order mark: spreadsheet programs read it as UTF-8 only then, and
otherwise turn Chinese names into mojibake. A cell that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe.

Everything a person reads is in their language: the tier by its name, each finding in words (one
a line). The codes follow at the end of the row (`Tier code`, `Finding codes`), for machines.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.people.access import display_name, person_of
from sojourn.trips import wording
from sojourn.trips.labels import CODE_LABELS
from sojourn.trips.models import Purpose, Trip, TripStatus

CHUNK = 2000
# Rows are sent in pieces of about this many characters.
FLUSH_AT = 32 * 1024
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(value: str) -> str:
    """The text of a cell, made inert for spreadsheets that evaluate `=…` and friends."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class Words:
    """Every word the file holds, in the reader's language, fixed before streaming starts: the
    rows are made after the view has returned, when the request's language is gone; the
    sentences of each trip's findings are worded row by row in `language`."""

    language: str
    header: list[str]
    status: dict[str, str]
    purpose: dict[str, str]
    route: dict[str, str]
    yes: str
    no: str

    @classmethod
    def in_language(cls, language: str) -> Words:
        with translation.override(language):
            return cls(
                language=language,
                header=[
                    _("ID"),
                    _("Title"),
                    _("Traveller"),
                    _("Organisation"),
                    _("Status"),
                    _("Purpose"),
                    _("Departure"),
                    _("Return"),
                    _("Countries"),
                    _("Tier"),
                    _("Route"),
                    _("Risk score"),
                    _("Report by"),
                    _("Reported late"),
                    _("Debrief due"),
                    _("Needs re-approval"),
                    _("Submitted at (UTC)"),
                    _("Tier code"),
                    _("Findings"),
                    _("Finding codes"),
                ],
                status={status.value: str(status.label) for status in TripStatus},
                purpose={purpose.value: str(purpose.label) for purpose in Purpose},
                route={code: str(label) for code, label in CODE_LABELS["route"].items()},
                yes=_("Yes"),
                no=_("No"),
            )


def _date(value: datetime.date | None) -> str:
    return "" if value is None else value.isoformat()


def _moment(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _countries(trip: Trip) -> str:
    """The trip's countries in itinerary order, each once; reads the prefetched legs."""
    return ", ".join(dict.fromkeys(leg.country for leg in trip.legs.all()))


def _findings(trip: Trip) -> list[dict[str, object]]:
    snapshot = trip.assessment if isinstance(trip.assessment, dict) else {}
    return [f for f in snapshot.get("findings", []) if isinstance(f, dict)]


def _worded(trip: Trip, words: Words) -> tuple[str, str]:
    """The trip's tier by its name and its findings in words (one a line), in the reader's
    language."""
    snapshot = trip.assessment if isinstance(trip.assessment, dict) else {}
    with translation.override(words.language):
        tier = wording.tier_label(trip.tier, snapshot.get("tier_label")) if trip.tier else ""
        findings = "\n".join(wording.finding_message(f) for f in _findings(trip))
    return tier, findings


def row(trip: Trip, words: Words) -> list[str]:
    tier, findings = _worded(trip, words)
    cells = [
        str(trip.pk),
        trip.title,
        display_name(trip.traveller),
        trip.organisation.name,
        words.status.get(trip.status, trip.status),
        words.purpose.get(trip.purpose, trip.purpose),
        _date(trip.starts_on),
        _date(trip.ends_on),
        _countries(trip),
        tier,
        words.route.get(trip.route, trip.route),
        "" if trip.risk_score is None else str(trip.risk_score),
        _date(trip.report_by),
        words.yes if trip.late_report else words.no,
        _date(trip.debrief_due),
        words.yes if trip.needs_reapproval else words.no,
        _moment(trip.submitted_at),
        trip.tier,
        findings,
        ", ".join(str(f.get("code", "")) for f in _findings(trip)),
    ]
    return [neutralise(cell) for cell in cells]


def rows(trips: QuerySet[Trip]) -> Iterator[Trip]:
    """The trips, `CHUNK` at a time, with what a row reads joined or prefetched per chunk."""
    return (
        trips.select_related("traveller", "organisation")
        .prefetch_related("legs")
        .iterator(chunk_size=CHUNK)
    )


def lines(trips: Iterable[Trip], words: Words) -> Iterator[bytes]:
    """The file, BOM and header first, in pieces of about `FLUSH_AT` characters."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([neutralise(label) for label in words.header])
    for trip in trips:
        writer.writerow(row(trip, words))
        if buffer.tell() >= FLUSH_AT:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_response(
    trips: QuerySet[Trip],
    *,
    filename: str,
    language: str,
    actor: User,
    filters: dict[str, str],
    now: datetime.datetime,
) -> StreamingHttpResponse:
    """The trips as a CSV download. The export is audited (who, which list, which filters;
    never the rows) before the first byte is sent."""
    subject: Model = person_of(actor) or actor
    audit.record(
        actor=actor,
        action="trips.exported",
        obj=subject,
        at=now,
        data=_export_data(filename, filters),
    )
    words = Words.in_language(language)
    response = StreamingHttpResponse(lines(rows(trips), words), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    # Trips are sensitive: nothing on the way (proxy, browser cache) keeps a copy.
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response


def _export_data(filename: str, filters: dict[str, str]) -> dict[str, object]:
    """The export's event: its filters, but of a search only that there was one (the words
    searched for may name a place or a person)."""
    searched = filters.get("q", "")
    return {
        "filename": filename,
        "filters": {name: value for name, value in filters.items() if name != "q"},
        "has_search": bool(searched),
    }
