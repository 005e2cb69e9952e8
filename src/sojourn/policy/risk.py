"""The risk score: 0 to 100, the sum of named factors, capped at 100.

- the trip's tier: the tier's `risk_weight` (0-100, set by the pack);
- transit legs that fall in a tier: +5 each, at most +15;
- findings: +15 per blocker, +5 per warning, at most +30 together (blockers count first);
- meetings with counterparts from a country of the pack's strictest tier: +4 each, at most +20;
- length of stay abroad (days on foreign legs, overlaps counted once): +2 per full week beyond
  the first, at most +10;
- foreign countries visited: +2 per country beyond the first, at most +8.

Every factor that adds points is listed in `Risk.factors`, in the order above, so the score can
be checked by hand: a code (tier, transit_legs, blocker_findings, warning_findings,
sensitive_meetings, days_abroad, foreign_countries), its params (`count`; `tier` and `tier_label`
for the tier and the meetings), its points, and the English words ("tier restricted: +60").
"""

from __future__ import annotations

from collections.abc import Sequence

from sojourn.policy.assessment import Factor, Finding, Risk, Severity
from sojourn.policy.exposure import Exposure
from sojourn.policy.inputs import Meeting
from sojourn.policy.pack import Pack, Tier


def score(
    pack: Pack,
    tier: Tier,
    exposures: Sequence[Exposure],
    findings: Sequence[Finding],
    meetings: Sequence[Meeting],
    home: str,
) -> Risk:
    factors = _Factors()
    factors.add(tier.risk_weight, "tier", f"tier {tier.name}", _tier(tier))
    transits = 0
    countries: set[str] = set()
    spans: list[tuple[int, int]] = []
    for exposure in exposures:
        leg = exposure.leg
        if leg.transit and exposure.tier is not None:
            transits += 1
        if leg.country != home:
            countries.add(leg.country)
            spans.append((leg.starts_on.toordinal(), leg.ends_on.toordinal()))
    factors.counted(min(5 * transits, 15), transits, "transit_legs", "transit leg", "transit legs")
    blockers = warnings = 0
    for finding in findings:
        if finding.severity is Severity.BLOCKER:
            blockers += 1
        elif finding.severity is Severity.WARNING:
            warnings += 1
    blocker_points = min(15 * blockers, 30)
    factors.counted(
        blocker_points, blockers, "blocker_findings", "blocker finding", "blocker findings"
    )
    factors.counted(
        min(5 * warnings, 30 - blocker_points),
        warnings,
        "warning_findings",
        "warning finding",
        "warning findings",
    )
    sensitive = _sensitive_meetings(pack, meetings, home) if meetings else 0
    strictest = pack.tiers[0]
    factors.counted(
        min(4 * sensitive, 20),
        sensitive,
        "sensitive_meetings",
        f"meeting with counterparts from tier {strictest.name}",
        f"meetings with counterparts from tier {strictest.name}",
        _tier(strictest),
    )
    days = _days(spans)
    factors.counted(
        min(2 * (max(days - 7, 0) // 7), 10), days, "days_abroad", "day abroad", "days abroad"
    )
    count = len(countries)
    factors.counted(
        min(2 * max(count - 1, 0), 8),
        count,
        "foreign_countries",
        "foreign country",
        "foreign countries",
    )
    return Risk(score=min(factors.total, 100), factors=tuple(factors.named))


def _tier(tier: Tier) -> dict[str, object]:
    return {"tier": tier.name, "tier_label": tier.label.to_dict()}


class _Factors:
    """The factors that add points, in English "3 transit legs: +15" or "tier restricted: +60"."""

    def __init__(self) -> None:
        self.total = 0
        self.named: list[Factor] = []

    def add(self, points: int, code: str, name: str, params: dict[str, object]) -> None:
        if points > 0:
            self.total += points
            self.named.append(Factor(code, points, params, f"{name}: +{points}"))

    def counted(
        self,
        points: int,
        count: int,
        code: str,
        one: str,
        many: str,
        params: dict[str, object] | None = None,
    ) -> None:
        name = f"{count} {one if count == 1 else many}"
        self.add(points, code, name, {"count": count, **(params or {})})


def _sensitive_meetings(pack: Pack, meetings: Sequence[Meeting], home: str) -> int:
    strictest = pack.tiers[0]
    return sum(
        1
        for meeting in meetings
        if meeting.country and pack.tier_of(meeting.country, home) is strictest
    )


def _days(spans: list[tuple[int, int]]) -> int:
    """Days covered by the (first, last) ordinal spans, overlaps counted once."""
    days = 0
    counted_until = -1
    for start, end in sorted(spans):
        start = max(start, counted_until + 1)
        if end >= start:
            days += end - start + 1
            counted_until = end
    return days
