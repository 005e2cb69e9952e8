"""seed-sensitive-tech: the directive, told through the demo's travellers.

Travellers work for organisations in China (home CN); deadlines in business days skip Chinese
public holidays (Labour Day and National Day weeks, the Dragon Boat Festival).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sojourn.policy import Meeting, Route, TripFacts, assess, shipped_pack
from sojourn.policy.tests.builders import day, leg, trip

PACK = shipped_pack("seed-sensitive-tech")
BOTH = ("org_security", "oversight")
OFFICER = ("org_security",)


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
        "founder invited to a summit in Paris: France is NATO, so restricted",
        trip(leg("FR", "2026-06-10", "2026-06-14")),
        "restricted",
        Route.REVIEW,
        BOTH,
        report_by="2026-05-11",
        # Mon 15 .. Thu 18 count 4; Fri 19 is the Dragon Boat Festival; Mon 22 is the fifth.
        debrief_due="2026-06-22",
    ),
    Row(
        "the same Paris trip without a justification is blocked from auto-approval",
        trip(leg("FR", "2026-06-10", "2026-06-14"), necessity="", alternatives=" "),
        "restricted",
        Route.REVIEW,
        BOTH,
        report_by="2026-05-11",
        debrief_due="2026-06-22",
        codes=("necessity_missing",),
    ),
    Row(
        "the Paris trip reported 20 days ahead is late",
        trip(leg("FR", "2026-06-10", "2026-06-14"), reported="2026-05-21"),
        "restricted",
        Route.REVIEW,
        BOTH,
        report_by="2026-05-11",
        debrief_due="2026-06-22",
        codes=("late_report",),
    ),
    Row(
        "robotics CEO to the United States; the debrief skips the Labour Day holidays",
        trip(leg("US", "2026-04-20", "2026-04-24"), position="executive", sectors=("robotics",)),
        "restricted",
        Route.REVIEW,
        BOTH,
        report_by="2026-03-21",
        # Apr 27-30 count 4; May 1-5 are holidays or the weekend; Wed May 6 is the fifth.
        debrief_due="2026-05-06",
    ),
    Row(
        "researcher to Singapore: standard, approved automatically",
        trip(leg("SG", "2026-04-13", "2026-04-17"), position="researcher"),
        "standard",
        Route.AUTO_APPROVE,
        report_by="2026-04-06",
        debrief_due="2026-04-27",
    ),
    Row(
        "researcher to Singapore reported three days ahead goes to the officer",
        trip(leg("SG", "2026-04-13", "2026-04-17"), position="researcher", reported="2026-04-10"),
        "standard",
        Route.REVIEW,
        OFFICER,
        report_by="2026-04-06",
        debrief_due="2026-04-27",
        codes=("late_report",),
    ),
    Row(
        "executive to Japan over National Day: a detailed debrief 5 business days later",
        trip(leg("JP", "2026-09-21", "2026-09-30"), position="executive"),
        "restricted",
        Route.REVIEW,
        BOTH,
        report_by="2026-08-22",
        # Oct 1-7 are the National Day holidays; Oct 8, 9, 12, 13, 14 are the five business days.
        debrief_due="2026-10-14",
    ),
    Row(
        "executive to Japan just before Golden Week",
        trip(leg("JP", "2026-04-27", "2026-04-30"), position="executive"),
        "restricted",
        Route.REVIEW,
        BOTH,
        report_by="2026-03-28",
        debrief_due="2026-05-12",
    ),
    Row(
        "bank staff are not covered",
        trip(leg("GB", "2026-05-04", "2026-05-08"), position="staff", sectors=("finance",)),
        None,
        Route.NOT_REQUIRED,
        codes=("not_covered",),
    ),
    Row(
        "an AI founder's trip within China is not covered",
        trip(leg("CN", "2026-05-04", "2026-05-08")),
        None,
        Route.NOT_REQUIRED,
        codes=("not_covered",),
    ),
    Row(
        "staff of an AI lab are not covered",
        trip(leg("US", "2026-05-04", "2026-05-08"), position="staff"),
        None,
        Route.NOT_REQUIRED,
        codes=("not_covered",),
    ),
    Row(
        "a layover in the United States makes a Singapore trip restricted",
        trip(
            leg("US", "2026-05-10", transit=True),
            leg("SG", "2026-05-11", "2026-05-14"),
        ),
        "restricted",
        Route.REVIEW,
        BOTH,
        report_by="2026-04-10",
        debrief_due="2026-05-21",
        codes=("transit_restricted",),
    ),
    Row(
        "a layover in Thailand (a US treaty ally) on the way to Vietnam",
        trip(leg("VN", "2026-07-01", "2026-07-05"), leg("TH", "2026-07-06", transit=True)),
        "restricted",
        Route.REVIEW,
        BOTH,
        report_by="2026-06-01",
        debrief_due="2026-07-13",
        codes=("transit_restricted",),
    ),
    Row(
        "legs at home around a foreign stay take no tier",
        trip(
            leg("CN", "2026-08-01", "2026-08-02"),
            leg("SG", "2026-08-03", "2026-08-06"),
            leg("CN", "2026-08-07", "2026-08-08"),
        ),
        "standard",
        Route.AUTO_APPROVE,
        report_by="2026-07-25",
        debrief_due="2026-08-18",
    ),
    Row(
        "India is in the Quad but not among the US and its allies: standard",
        trip(leg("IN", "2026-05-04", "2026-05-08")),
        "standard",
        Route.AUTO_APPROVE,
        report_by="2026-04-27",
        debrief_due="2026-05-18",
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.story for row in ROWS])
def test_seed_pack(row: Row) -> None:
    result = assess(PACK, row.trip)

    assert result.policy == "seed-sensitive-tech@1"
    assert result.covered == (row.tier is not None)
    assert result.tier == row.tier
    assert result.route == row.route
    assert result.approvals == row.approvals
    assert result.report_by == (day(row.report_by) if row.report_by else None)
    assert result.debrief_due == (day(row.debrief_due) if row.debrief_due else None)
    assert tuple(f.code for f in result.findings) == row.codes


def test_restricted_tier_requirements() -> None:
    result = assess(PACK, trip(leg("DE", "2026-06-01", "2026-06-05")))

    assert result.tier_rank == 2
    assert result.briefing_required is True
    assert result.checkin_hours == 24
    assert result.debrief_depth == "detailed"
    assert result.debrief_contacts_required is True
    assert result.necessity_required is True
    assert result.device_guidance


def test_standard_tier_requirements() -> None:
    result = assess(PACK, trip(leg("SG", "2026-06-01", "2026-06-05")))

    assert result.tier_rank == 1
    assert result.briefing_required is False
    assert result.checkin_hours is None
    assert result.debrief_depth == "summary"
    assert result.debrief_contacts_required is False
    assert result.necessity_required is False
    assert result.device_guidance is None


def test_findings_explain_themselves() -> None:
    result = assess(
        PACK,
        trip(
            leg("US", "2026-05-10", transit=True),
            leg("SG", "2026-05-11", "2026-05-14"),
            necessity="",
            reported="2026-05-01",
        ),
    )

    messages = {f.code: f for f in result.findings}
    assert set(messages) == {"necessity_missing", "transit_restricted", "late_report"}
    late = messages["late_report"]
    assert "2026-05-01" in late.message
    assert "2026-04-10" in late.message
    assert "30 days" in late.message
    assert late.rule == "seed-sensitive-tech@1:tiers.restricted.advance_notice"
    transit = messages["transit_restricted"]
    assert "United States (US)" in transit.message
    assert "2026-05-10" in transit.message
    assert transit.rule == "seed-sensitive-tech@1:tiers.restricted.destinations"
    necessity = messages["necessity_missing"]
    assert "why the trip is necessary" in necessity.message
    assert "alternatives" not in necessity.message
    assert necessity.rule == "seed-sensitive-tech@1:tiers.restricted.travel"


def test_risk_names_its_factors() -> None:
    quiet = assess(PACK, trip(leg("SG", "2026-06-01", "2026-06-05")))
    busy = assess(
        PACK,
        trip(
            leg("US", "2026-05-10", transit=True),
            leg("SG", "2026-05-11", "2026-05-31"),
            leg("MY", "2026-06-01", "2026-06-03"),
            meetings=(Meeting("A. Smith", "Acme", "US"), Meeting("B. Tan", "Uni", "SG")),
        ),
    )

    assert quiet.risk.score == 20
    assert [factor.message for factor in quiet.risk.factors] == ["tier standard: +20"]
    assert [(f.code, f.params.get("count"), f.points) for f in busy.risk.factors] == [
        ("tier", None, 60),
        ("transit_legs", 1, 5),
        ("warning_findings", 1, 5),
        ("sensitive_meetings", 1, 4),
        ("days_abroad", 25, 4),
        ("foreign_countries", 3, 4),
    ]
    assert tuple(factor.message for factor in busy.risk.factors) == (
        "tier restricted: +60",
        "1 transit leg: +5",
        "1 warning finding: +5",
        "1 meeting with counterparts from tier restricted: +4",
        "25 days abroad: +4",
        "3 foreign countries: +4",
    )
    assert busy.risk.score == 82
