"""The seam between a stored trip and the policy engine: `assess(trip) -> Assessment`.

Until the policy engine lands this is a provisional assessor: it applies the directive's coverage
(executives, founders and researchers of AI and robotics organisations, travelling abroad) and
routes every covered trip to a single `org_security` review. The lifecycle services only ever see
the Assessment, so the engine replaces this module's body without touching them.
"""

from __future__ import annotations

import datetime

from sojourn.people.models import Person, Position, Sector
from sojourn.policy import Assessment, Finding, Risk, Route, Severity
from sojourn.trips.models import Trip

PROVISIONAL_POLICY = "provisional@0"
COVERED_SECTORS = {Sector.AI.value, Sector.ROBOTICS.value}
COVERED_POSITIONS = {Position.EXECUTIVE.value, Position.FOUNDER.value, Position.RESEARCHER.value}
REPORT_DAYS_AHEAD = 7
DEBRIEF_DAYS_AFTER = 10
CHECKIN_HOURS = 24


def assess(trip: Trip, *, today: datetime.date) -> Assessment:
    legs = list(trip.legs.all())
    person: Person = trip.traveller.person
    home = trip.organisation.home_country
    sectors = set(trip.organisation.sectors) | set(person.sectors)
    abroad = any(leg.country != home for leg in legs)
    covered = abroad and bool(sectors & COVERED_SECTORS) and person.position in COVERED_POSITIONS
    starts = min((leg.start_date for leg in legs), default=None)
    ends = max((leg.end_date for leg in legs), default=None)
    debrief_due = ends + datetime.timedelta(days=DEBRIEF_DAYS_AFTER) if ends else None
    if not covered:
        return Assessment(
            policy=PROVISIONAL_POLICY,
            covered=False,
            tier=None,
            route=Route.NOT_REQUIRED,
            approvals=(),
            report_by=None,
            debrief_due=None,
            checkin_hours=None,
            briefing_required=False,
            debrief_depth=None,
        )
    report_by = starts - datetime.timedelta(days=REPORT_DAYS_AHEAD) if starts else None
    findings: list[Finding] = []
    if report_by is not None and today > report_by:
        findings.append(
            Finding(
                code="late_report",
                severity=Severity.WARNING,
                message=(
                    f"Reported on {today.isoformat()}, after the last day to report "
                    f"({report_by.isoformat()}: {REPORT_DAYS_AHEAD} days before departure)."
                ),
                rule="provisional.advance_notice",
            )
        )
    return Assessment(
        policy=PROVISIONAL_POLICY,
        covered=True,
        tier="standard",
        route=Route.REVIEW,
        approvals=("org_security",),
        report_by=report_by,
        debrief_due=debrief_due,
        checkin_hours=CHECKIN_HOURS,
        briefing_required=False,
        debrief_depth="summary",
        findings=tuple(findings),
        risk=Risk(score=40 if findings else 20, factors=("foreign travel",)),
    )
