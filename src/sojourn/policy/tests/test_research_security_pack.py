"""research-security: a registry of international travel, with care for countries of concern."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sojourn.policy import Route, TripFacts, assess, shipped_pack
from sojourn.policy.tests.builders import day, leg, trip

PACK = shipped_pack("research-security")
OFFICE = ("org_security",)


def academic(
    *legs_, position: str = "researcher", sector: str = "academia", reported: str = "2026-03-02"
) -> TripFacts:
    return trip(*legs_, position=position, sectors=(sector,), home="US", reported=reported)


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
        "a conference in Germany is registered and approved automatically, no debrief",
        academic(leg("DE", "2026-06-01", "2026-06-05")),
        "registry",
        Route.AUTO_APPROVE,
        report_by="2026-05-25",
    ),
    Row(
        "registered late: the office looks at it",
        academic(leg("DE", "2026-06-01", "2026-06-05"), reported="2026-05-28"),
        "registry",
        Route.REVIEW,
        OFFICE,
        report_by="2026-05-25",
        codes=("late_report",),
    ),
    Row(
        "fieldwork in China is high risk: reviewed, briefed, debriefed",
        academic(leg("CN", "2026-07-06", "2026-07-17")),
        "high_risk",
        Route.REVIEW,
        OFFICE,
        report_by="2026-06-15",
        debrief_due="2026-07-31",
    ),
    Row(
        "lab staff going to Hong Kong: high risk too",
        academic(leg("HK", "2026-07-06", "2026-07-08"), position="staff", sector="research"),
        "high_risk",
        Route.REVIEW,
        OFFICE,
        report_by="2026-06-15",
        debrief_due="2026-07-22",
    ),
    Row(
        "a dean (executive) is outside the programme",
        academic(leg("CN", "2026-07-06", "2026-07-08"), position="executive"),
        None,
        Route.NOT_REQUIRED,
        codes=("not_covered",),
    ),
    Row(
        "a researcher at a biotech company is outside the programme",
        academic(leg("DE", "2026-07-06", "2026-07-08"), sector="biotech"),
        None,
        Route.NOT_REQUIRED,
        codes=("not_covered",),
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.story for row in ROWS])
def test_research_security_pack(row: Row) -> None:
    result = assess(PACK, row.trip)

    assert result.tier == row.tier
    assert result.route == row.route
    assert result.approvals == row.approvals
    assert result.report_by == (day(row.report_by) if row.report_by else None)
    assert result.debrief_due == (day(row.debrief_due) if row.debrief_due else None)
    assert tuple(f.code for f in result.findings) == row.codes


def test_high_risk_travel_takes_a_loaner_device() -> None:
    result = assess(PACK, academic(leg("RU", "2026-07-06", "2026-07-08")))

    assert result.briefing_required is True
    assert result.device_guidance is not None
    assert "loaner" in result.device_guidance.en
    assert result.debrief_contacts_required is True


def test_registry_entries_need_no_debrief() -> None:
    result = assess(PACK, academic(leg("JP", "2026-07-06", "2026-07-08")))

    assert result.debrief_depth is None
    assert result.debrief_due is None
    assert result.device_guidance is None
