"""The result of assessing a trip: what it needs, why, and the route it takes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Route(StrEnum):
    NOT_REQUIRED = "not_required"
    AUTO_APPROVE = "auto_approve"
    REVIEW = "review"
    DENY = "deny"


class Severity(StrEnum):
    BLOCKER = "blocker"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    rule: str

    def to_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Risk:
    score: int
    factors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "factors": list(self.factors)}


@dataclass(frozen=True)
class Assessment:
    policy: str
    covered: bool
    tier: str | None
    route: Route
    approvals: tuple[str, ...]
    report_by: datetime.date | None
    debrief_due: datetime.date | None
    checkin_hours: int | None
    briefing_required: bool
    debrief_depth: str | None
    findings: tuple[Finding, ...] = ()
    risk: Risk = field(default_factory=lambda: Risk(0))

    def has(self, code: str) -> bool:
        return any(finding.code == code for finding in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "covered": self.covered,
            "tier": self.tier,
            "route": str(self.route),
            "approvals": list(self.approvals),
            "report_by": self.report_by.isoformat() if self.report_by else None,
            "debrief_due": self.debrief_due.isoformat() if self.debrief_due else None,
            "checkin_hours": self.checkin_hours,
            "briefing_required": self.briefing_required,
            "debrief_depth": self.debrief_depth,
            "findings": [finding.to_dict() for finding in self.findings],
            "risk": self.risk.to_dict(),
        }
