"""The CSV export writer: one row per trip in the reader's language, safe to open in a
spreadsheet, streamed at a few queries per chunk, and audited once."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.people.models import Person, Position
from sojourn.testing import builders
from sojourn.trips import export
from sojourn.trips.models import Leg, Trip

FILTERS = {"scope": "review", "tier": "restricted"}


def respond(trips, cast: Cast, now: datetime.datetime, language: str = "en"):
    return export.csv_response(
        trips,
        filename="trips.csv",
        language=language,
        actor=cast.officer,
        filters=FILTERS,
        now=now,
    )


def body_of(response: StreamingHttpResponse) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


def table(response: StreamingHttpResponse) -> list[list[str]]:
    text = body_of(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_the_file_is_a_streamed_utf8_csv_download_with_a_bom(cast: Cast, now) -> None:
    response = respond(Trip.objects.none(), cast, now)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="trips.csv"'
    assert "no-store" in response["Cache-Control"]
    assert body_of(response).startswith(b"\xef\xbb\xbfID,Title,Traveller,Organisation,Status")


def test_one_row_per_trip_with_every_column(cast: Cast, now) -> None:
    """GIVEN a submitted trip to Germany via France WHEN it is exported THEN its row holds the
    traveller's name, the labels of its status, purpose and route, and its deadlines."""
    trip = builders.submitted(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    assert trip.ends_on is not None
    Leg.objects.create(
        trip=trip,
        position=1,
        country="FR",
        starts_on=trip.ends_on,
        ends_on=trip.ends_on,
        transit=True,
    )
    trip.refresh_from_db()

    header, line = table(respond(Trip.objects.filter(pk=trip.pk), cast, now))

    assert header == [
        "ID",
        "Title",
        "Traveller",
        "Organisation",
        "Status",
        "Purpose",
        "Departure",
        "Return",
        "Countries",
        "Tier",
        "Route",
        "Risk score",
        "Report by",
        "Reported late",
        "Debrief due",
        "Needs re-approval",
        "Submitted at (UTC)",
        "Tier code",
        "Findings",
        "Finding codes",
    ]
    assert trip.starts_on
    assert trip.ends_on
    assert trip.report_by
    assert line == [
        str(trip.pk),
        "Workshop in Berlin",
        "Traveller",
        "Lab",
        "Submitted",
        "Academic",
        trip.starts_on.isoformat(),
        trip.ends_on.isoformat(),
        "DE, FR",
        "reviewed",  # the test pack names its tier in English alone: its code
        "Review",
        str(trip.risk_score),
        trip.report_by.isoformat(),
        "No",
        trip.debrief_due.isoformat() if trip.debrief_due else "",
        "No",
        "2026-03-02 09:00:00",
        trip.tier,
        "",
        "",
    ]


def test_a_draft_has_empty_cells_where_nothing_is_known_yet(cast: Cast, now) -> None:
    trip = builders.draft(cast.traveller, now)

    _header, line = table(respond(Trip.objects.filter(pk=trip.pk), cast, now))

    assert line[4] == "Draft"
    assert (line[9], line[11], line[16]) == ("", "", "")


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://evil.test","click")', '\'=HYPERLINK("http://evil.test","click")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturned", "'\rReturned"),
        ("Berlin, Paris; and back", "Berlin, Paris; and back"),
        ('The "big" summit', 'The "big" summit'),
        ("Two\nlines", "Two\nlines"),
        ("A = B", "A = B"),
    ],
)
def test_cells_are_quoted_and_formulas_neutralised(cast: Cast, now, title: str, cell: str) -> None:
    """A title that a spreadsheet would run as a formula gets a leading apostrophe; commas,
    quotes and newlines survive a round trip through a CSV reader."""
    trip = builders.draft(cast.traveller, now)
    Trip.objects.filter(pk=trip.pk).update(title=title)

    _header, line = table(respond(Trip.objects.filter(pk=trip.pk), cast, now))

    assert line[1] == cell


def test_names_are_neutralised_too(cast: Cast, now) -> None:
    cast.traveller.first_name = "=cmd|' /C calc'!A0"
    cast.traveller.save()
    trip = builders.draft(cast.traveller, now)

    _header, line = table(respond(Trip.objects.filter(pk=trip.pk), cast, now))

    assert line[2] == "'=cmd|' /C calc'!A0"


def test_the_header_and_labels_are_in_the_readers_language(cast: Cast, now) -> None:
    """GIVEN a reader who reads Chinese WHEN they export THEN the header and the labels are in
    Chinese and the bytes are UTF-8 behind a BOM."""
    builders.submitted(cast.traveller, now)

    header, line = table(respond(Trip.objects.all(), cast, now, language="zh-hans"))

    assert header[1:7] == ["标题", "出行人", "单位", "状态", "出行目的", "出发日期"]
    assert header[9:16] == [
        "等级",
        "审批路径",
        "风险评分",
        "报备截止日期",
        "逾期报备",
        "汇报截止日期",
        "需重新审批",
    ]
    assert line[4] == "已提交"
    assert line[13] == "否"


def test_the_tier_and_findings_are_worded_in_the_readers_language(cast: Cast, now) -> None:
    """GIVEN a robotics founder's US trip reported 3 days ahead (restricted, 30 days' notice:
    a late report) WHEN a Chinese reader exports it THEN the tier is named and the finding worded
    in Chinese, and the codes follow at the end of the row for machines."""
    founder = builders.traveller("founder", organisation=cast.robo, position=Position.FOUNDER)
    trip = builders.submitted(founder, now, builders.summit(starts_in_days=3))

    header, line = table(respond(Trip.objects.filter(pk=trip.pk), cast, now, language="zh-hans"))

    cells = dict(zip(header, line, strict=True))
    assert cells["等级"] == "受限"
    assert cells["评估发现"].startswith("于 2026-03-02 报备，晚于报备截止日")
    assert (cells["等级代码"], cells["评估发现代码"]) == ("restricted", "late_report")


def test_a_finding_that_reads_as_a_formula_is_neutralised(cast: Cast, now) -> None:
    """GIVEN a stored finding of a code no longer known, whose message (kept as stored) starts
    like a formula WHEN exported THEN its cell is made inert like every other."""
    trip = builders.submitted(cast.traveller, now)
    assert trip.assessment is not None
    snapshot = {**trip.assessment, "findings": [{"code": "gone", "message": "=1+1"}]}
    Trip.objects.filter(pk=trip.pk).update(assessment=snapshot)

    header, line = table(respond(Trip.objects.filter(pk=trip.pk), cast, now))

    assert dict(zip(header, line, strict=True))["Findings"] == "'=1+1"


def test_the_export_is_audited_once_with_the_filters_not_the_rows(cast: Cast, now) -> None:
    builders.submitted(cast.traveller, now, builders.Itinerary(title="Secret summit"))

    response = respond(Trip.objects.all(), cast, now)
    # Audited before the first byte: a download cut short is still on the record.
    event = AuditEvent.objects.get(action="trips.exported")
    body_of(response)

    assert AuditEvent.objects.filter(action="trips.exported").count() == 1
    assert event.actor_label == "officer"
    assert event.at == now
    assert (event.object_type, event.object_id) == (
        "people.person",
        str(Person.objects.get(user=cast.officer).pk),
    )
    assert event.data == {"filename": "trips.csv", "filters": FILTERS, "has_search": False}
    assert "Secret summit" not in str(event.data)


def test_a_user_without_a_profile_is_the_object_of_their_own_export(cast: Cast, now) -> None:
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("root", "root@example.test", "x" * 16)

    export.csv_response(
        Trip.objects.none(), filename="t.csv", language="en", actor=admin, filters={}, now=now
    )

    event = AuditEvent.objects.get(action="trips.exported")
    assert (event.object_type, event.object_id) == ("auth.user", str(admin.pk))


def bulk_trips(cast: Cast, now: datetime.datetime, count: int) -> None:
    """`count` more trips of the traveller, each with two legs, written in bulk."""
    start = now.date()
    trips = Trip.objects.bulk_create(
        Trip(
            traveller=cast.traveller,
            organisation=cast.lab,
            title=f"Bulk trip {number}",
            starts_on=start,
            ends_on=start,
        )
        for number in range(count)
    )
    Leg.objects.bulk_create(
        Leg(trip=trip, position=position, country=country, starts_on=start, ends_on=start)
        for trip in trips
        for position, country in enumerate(("DE", "FR"))
    )


def queries_to_export(cast: Cast, now: datetime.datetime) -> tuple[int, int]:
    """The queries an export of every trip runs, and its number of data rows."""
    with CaptureQueriesContext(connection) as captured:
        response = respond(Trip.objects.order_by("id"), cast, now)
        rows = len(table(response)) - 1
    return len(captured.captured_queries), rows


def test_the_queries_do_not_grow_with_the_rows(cast: Cast, now) -> None:
    """GIVEN 5 trips, then 4,005 WHEN each list is exported THEN the second costs at most one
    more query per extra chunk of 2,000 trips (their legs), never one per row, and every trip
    has its row with both countries."""
    bulk_trips(cast, now, 5)
    small, small_rows = queries_to_export(cast, now)

    bulk_trips(cast, now, 4000)
    large, large_rows = queries_to_export(cast, now)

    assert (small_rows, large_rows) == (5, 4005)
    extra_chunks = -(-large_rows // export.CHUNK) - 1
    assert large - small <= extra_chunks
    assert large < 20


def test_the_rows_are_sent_in_pieces(cast: Cast, now) -> None:
    bulk_trips(cast, now, 1500)

    response = respond(Trip.objects.order_by("id"), cast, now)
    pieces = list(response.streaming_content)

    assert len(pieces) > 2
    assert all(len(piece) < 2 * export.FLUSH_AT for piece in pieces)
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8")[1:], newline="")))
    assert [line[8] for line in rows[1:]] == ["DE, FR"] * 1500
