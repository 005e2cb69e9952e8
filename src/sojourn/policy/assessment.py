"""The result of assessing a trip: what it needs, why, and the route it takes."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sojourn.policy.texts import Text, text_of


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
    """`code` and `params` say what was found; the faces word it in the reader's language.

    `params` hold only JSON values (dates as ISO strings, countries as codes, texts as mappings
    of language to text) so a stored snapshot renders as well as a fresh one. `message` is the
    English wording, kept for the command line and for readers that do not know the code.
    """

    code: str
    severity: Severity
    message: str
    rule: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "params": dict(self.params),
            "severity": str(self.severity),
            "message": self.message,
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        return cls(
            code=data["code"],
            severity=Severity(data["severity"]),
            message=data["message"],
            rule=data["rule"],
            params=dict(data.get("params") or {}),
        )


@dataclass(frozen=True)
class Factor:
    """One addition to the risk score: `code` and `params` name it, `points` is what it adds."""

    code: str
    points: int
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    message: str = ""
    """The English wording ("tier restricted: +60")."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "params": dict(self.params),
            "points": self.points,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | str) -> Factor:
        if isinstance(data, str):  # a snapshot from before factors had codes: its words only
            points = data.rpartition("+")[2]
            return cls(code="", points=int(points) if points.isdigit() else 0, message=data)
        return cls(
            code=data["code"],
            points=int(data["points"]),
            params=dict(data.get("params") or {}),
            message=data.get("message", ""),
        )


@dataclass(frozen=True)
class Risk:
    score: int
    factors: tuple[Factor, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "factors": [factor.to_dict() for factor in self.factors]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Risk:
        factors = tuple(Factor.from_dict(item) for item in data.get("factors", ()))
        return cls(score=int(data["score"]), factors=factors)


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
    tier_rank: int | None = None
    """Higher is stricter: comparable between two assessments under the same pack."""
    tier_label: Text | None = None
    """The tier as people call it, in each language the pack gives."""
    device_guidance: Text | None = None
    briefing_text: Text | None = None
    debrief_contacts_required: bool = False
    necessity_required: bool = False
    checkin_grace_hours: int = 2
    """Hours after a check-in falls due before the officers are alerted."""
    debrief_oversight_after_days: int = 5
    """Days a debrief may be overdue before oversight is alerted too."""
    follow_up_days: int = 3
    """The officer's deadline, in days, to follow up a late report."""
    """The tier discourages travel: the trip needs a necessity justification and alternatives."""

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
            "tier_rank": self.tier_rank,
            "tier_label": self.tier_label.to_dict() if self.tier_label else None,
            "device_guidance": self.device_guidance.to_dict() if self.device_guidance else None,
            "briefing_text": self.briefing_text.to_dict() if self.briefing_text else None,
            "debrief_contacts_required": self.debrief_contacts_required,
            "necessity_required": self.necessity_required,
            "checkin_grace_hours": self.checkin_grace_hours,
            "debrief_oversight_after_days": self.debrief_oversight_after_days,
            "follow_up_days": self.follow_up_days,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        """The inverse of to_dict; keys added since a snapshot was stored take their defaults."""
        return cls(
            policy=data["policy"],
            covered=data["covered"],
            tier=data.get("tier"),
            route=Route(data["route"]),
            approvals=tuple(data.get("approvals", ())),
            report_by=_date(data.get("report_by")),
            debrief_due=_date(data.get("debrief_due")),
            checkin_hours=data.get("checkin_hours"),
            briefing_required=data.get("briefing_required", False),
            debrief_depth=data.get("debrief_depth"),
            findings=tuple(Finding.from_dict(item) for item in data.get("findings", ())),
            risk=Risk.from_dict(data["risk"]) if data.get("risk") else Risk(0),
            tier_rank=data.get("tier_rank"),
            tier_label=text_of(data.get("tier_label")),
            device_guidance=text_of(data.get("device_guidance")),
            briefing_text=text_of(data.get("briefing_text")),
            debrief_contacts_required=data.get("debrief_contacts_required", False),
            necessity_required=data.get("necessity_required", False),
            checkin_grace_hours=data.get("checkin_grace_hours", 2),
            debrief_oversight_after_days=data.get("debrief_oversight_after_days", 5),
            follow_up_days=data.get("follow_up_days", 3),
        )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
