"""Findings: what is wrong or notable about a trip, in plain words, with the rule behind it.

Each builder returns a Finding or None. Messages name the dates and countries involved so a
traveller can act on them without reading the policy; `rule` is "id@version:path" for a rule of
the pack, "advisory:ID" or "hold:ID" for a directive.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from sojourn.policy.assessment import Finding, Severity
from sojourn.policy.countries import describe
from sojourn.policy.exposure import Exposure, advisory_tier
from sojourn.policy.inputs import Advisory, Hold, Leg, TripFacts
from sojourn.policy.pack import Pack, Tier


def travel_hold(hold: Hold, legs: Sequence[Leg]) -> Finding | None:
    held = [leg for leg in legs if leg.start <= hold.until]
    if not held:
        return None
    return Finding(
        code="travel_hold",
        severity=Severity.BLOCKER,
        message=(
            f"Travel by this person is on hold until {hold.until.isoformat()} ({hold.reason}); "
            f"{_legs(held)} would start before the hold ends."
        ),
        rule=f"hold:{hold.id}",
    )


def prohibited_destinations(pack: Pack, exposures: Sequence[Exposure]) -> list[Finding]:
    findings: dict[tuple[str, str], Finding] = {}
    for exposure in exposures:
        if not exposure.prohibited:
            continue
        country = describe(exposure.leg.country)
        advisory = exposure.prohibited_by
        if advisory is not None:
            rule = f"advisory:{advisory.id}"
            message = (
                f"Advisory {advisory.id} prohibits travel to {country} from "
                f"{advisory.starts.isoformat()} to {advisory.ends.isoformat()}; "
                f"{_legs([exposure.leg])} falls in that window."
            )
        else:
            assert exposure.tier is not None
            rule = f"{pack.ref}:{exposure.tier.path}.travel"
            message = (
                f"Travel to {country} is prohibited: it is in tier '{exposure.tier.name}', "
                "whose travel is prohibited."
            )
        findings.setdefault(
            (rule, exposure.leg.country),
            Finding("prohibited_destination", Severity.BLOCKER, message, rule),
        )
    return list(findings.values())


def advisories_in_force(pack: Pack, exposures: Sequence[Exposure]) -> list[Finding]:
    touched: dict[Advisory, list[Leg]] = {}
    for exposure in exposures:
        for advisory in exposure.advisories:
            touched.setdefault(advisory, []).append(exposure.leg)
    return [_advisory(pack, advisory, legs) for advisory, legs in touched.items()]


def _advisory(pack: Pack, advisory: Advisory, legs: list[Leg]) -> Finding:
    effect = (
        "travel there is prohibited"
        if advisory.effect == "prohibit"
        else f"legs there are treated as tier '{advisory_tier(pack, advisory)}' at least"
    )
    text = f" {advisory.text.strip()}" if advisory.text.strip() else ""
    return Finding(
        code="advisory_in_force",
        severity=Severity.WARNING,
        message=(
            f"Advisory {advisory.id} is in force from {advisory.starts.isoformat()} to "
            f"{advisory.ends.isoformat()} and covers {_legs(legs)}: {effect}.{text}"
        ),
        rule=f"advisory:{advisory.id}",
    )


def necessity_missing(pack: Pack, tier: Tier, trip: TripFacts) -> Finding | None:
    if tier.travel != "discouraged":
        return None
    missing = [
        label
        for label, value in (
            ("why the trip is necessary", trip.necessity),
            ("which alternatives (such as attending remotely) were considered", trip.alternatives),
        )
        if not value.strip()
    ]
    if not missing:
        return None
    return Finding(
        code="necessity_missing",
        severity=Severity.BLOCKER,
        message=(
            f"Travel in tier '{tier.name}' is discouraged: it may go ahead only if it is "
            f"necessary. Explain {' and '.join(missing)}."
        ),
        rule=f"{pack.ref}:{tier.path}.travel",
    )


def transit_restricted(pack: Pack, exposures: Sequence[Exposure]) -> Finding | None:
    stay = max((e.rank for e in exposures if not e.leg.transit), default=0)
    stricter = [e for e in exposures if e.leg.transit and e.rank > stay]
    if not stricter:
        return None
    worst = max(stricter, key=lambda e: e.rank)
    assert worst.tier is not None
    return Finding(
        code="transit_restricted",
        severity=Severity.WARNING,
        message=(
            f"A layover is exposure too: {_legs([e.leg for e in stricter])} falls in tier "
            f"'{worst.tier.name}', stricter than any place the trip stays, so the whole trip "
            f"takes tier '{worst.tier.name}'."
        ),
        rule=f"{pack.ref}:{worst.tier.path}.destinations",
    )


def late_report(
    pack: Pack, tier: Tier, trip: TripFacts, report_by: datetime.date, departs: datetime.date
) -> Finding | None:
    if trip.reported_on <= report_by:
        return None
    notice = tier.advance_notice
    unit = "business days" if notice.business_days else "days"
    return Finding(
        code="late_report",
        severity=Severity.WARNING,
        message=(
            f"Reported on {trip.reported_on.isoformat()}, after the last day to report "
            f"({report_by.isoformat()}): tier '{tier.name}' asks for {notice.days} {unit} "
            f"of notice before departure on {departs.isoformat()}."
        ),
        rule=f"{pack.ref}:{tier.path}.advance_notice",
    )


def not_covered(pack: Pack, reason: str, path: str) -> Finding:
    return Finding(
        code="not_covered",
        severity=Severity.INFO,
        message=f"This trip is not covered by {pack.title}: {reason}.",
        rule=f"{pack.ref}:{path}",
    )


def _legs(legs: Sequence[Leg]) -> str:
    return "; ".join(
        f"{describe(leg.country)}{', ' + leg.city if leg.city else ''} {_span(leg)}"
        f"{' (transit)' if leg.transit else ''}"
        for leg in legs
    )


def _span(leg: Leg) -> str:
    if leg.start == leg.end:
        return f"on {leg.start.isoformat()}"
    return f"{leg.start.isoformat()} to {leg.end.isoformat()}"
