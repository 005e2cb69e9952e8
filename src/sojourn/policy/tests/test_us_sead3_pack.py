"""us-sead3: every unofficial foreign trip of covered personnel is reported and approved first.

The examples are US-based personnel: business days skip US federal holidays.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sojourn.policy import Route, TripFacts, assess, shipped_pack
from sojourn.policy.tests.builders import day, leg, trip

PACK = shipped_pack("us-sead3")
OFFICER = ("org_security",)


def cleared(*legs_, reported: str = "2026-03-02", position: str = "staff") -> TripFacts:
    return trip(*legs_, position=position, sectors=("aerospace",), home="US", reported=reported)


@dataclass(frozen=True)
class Row:
    story: str
    trip: TripFacts
    tier: str | None
    route: Route
    approvals: tuple[str, ...] = ()
    report_by: str | None = None
    debrief_due: str | None = None
    codes: tuple[str, ...] = ()


ROWS = [
    Row(
        "holiday in France: reported two weeks ahead, approved by the security officer",
        cleared(leg("FR", "2026-05-04", "2026-05-08")),
        "foreign",
        Route.REVIEW,
        OFFICER,
        report_by="2026-04-20",
        debrief_due="2026-05-15",
    ),
    Row(
        "back on the Friday before Memorial Day: the five business days start on Tuesday",
        cleared(leg("IT", "2026-05-15", "2026-05-22")),
        "foreign",
        Route.REVIEW,
        OFFICER,
        report_by="2026-05-01",
        debrief_due="2026-06-01",
    ),
    Row(
        "back the day before Thanksgiving",
        cleared(leg("MX", "2026-11-20", "2026-11-25")),
        "foreign",
        Route.REVIEW,
        OFFICER,
        report_by="2026-11-06",
        debrief_due="2026-12-03",
    ),
    Row(
        "a trip to China needs a defensive briefing and a detailed debrief",
        cleared(leg("CN", "2026-06-08", "2026-06-12"), position="researcher"),
        "defensive_briefing",
        Route.REVIEW,
        OFFICER,
        report_by="2026-05-09",
        # Juneteenth (Fri 19 June) is a federal holiday.
        debrief_due="2026-06-22",
    ),
    Row(
        "a transit through Moscow counts as travel to Russia",
        cleared(leg("RU", "2026-06-07", transit=True), leg("TR", "2026-06-08", "2026-06-12")),
        "defensive_briefing",
        Route.REVIEW,
        OFFICER,
        report_by="2026-05-08",
        debrief_due="2026-06-22",
        codes=("transit_restricted",),
    ),
    Row(
        "reported after the deadline: still reviewed, flagged late",
        cleared(leg("CA", "2026-05-04", "2026-05-05"), reported="2026-05-01"),
        "foreign",
        Route.REVIEW,
        OFFICER,
        report_by="2026-04-20",
        debrief_due="2026-05-12",
        codes=("late_report",),
    ),
    Row(
        "travel within the United States is not foreign travel",
        cleared(leg("US", "2026-05-04", "2026-05-08")),
        None,
        Route.NOT_REQUIRED,
        codes=("not_covered",),
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.story for row in ROWS])
def test_us_sead3_pack(row: Row) -> None:
    result = assess(PACK, row.trip)

    assert result.tier == row.tier
    assert result.route == row.route
    assert result.approvals == row.approvals
    assert result.report_by == (day(row.report_by) if row.report_by else None)
    assert result.debrief_due == (day(row.debrief_due) if row.debrief_due else None)
    assert tuple(f.code for f in result.findings) == row.codes


def test_every_foreign_trip_needs_foreign_contacts_in_the_debrief() -> None:
    for country in ("FR", "CN", "JP"):
        result = assess(PACK, cleared(leg(country, "2026-06-01", "2026-06-03")))

        assert result.debrief_contacts_required is True
        assert result.route == Route.REVIEW


def test_defensive_briefing_tier_asks_for_more() -> None:
    result = assess(PACK, cleared(leg("IR", "2026-06-01", "2026-06-03")))

    assert result.briefing_required is True
    assert result.checkin_hours == 48
    assert result.debrief_depth == "detailed"
    assert result.device_guidance
    assert "loaner" in result.device_guidance.en
