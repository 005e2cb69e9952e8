"""The engine: a pack, a trip and the directives in force in; an explainable Assessment out.

Pure and deterministic: the legs are put in a canonical order first, so the same facts in any
order give the same result, and nothing is read from the clock or the environment.

1. Coverage: a traveller outside the pack's sectors or positions, or a trip entirely within the
   home country when the pack leaves domestic travel out, is not covered (route `not_required`).
2. Each leg, transits included, takes the tier its country is in; an advisory in force over the
   leg's dates raises it (`raise_tier`) or forbids it (`prohibit`). The trip takes the strictest
   tier of its legs. No leg in any tier: not covered.
3. Findings: travel_hold, prohibited_destination, advisory_in_force, necessity_missing,
   transit_restricted, late_report, and listed_party for each name screening found on a
   restricted-party list (given in, never looked up: the engine reads no list) (see `findings`);
   prohibited_funding and foreign_sponsorship on who pays for an invitation (see `funding`).
4. Route: a hold, a prohibited leg or prohibited funding denies; a tier that allows it
   auto-approves when there is no finding at all; everything else goes to review through the
   tier's approval steps.
5. Deadlines: report_by is the first departure minus the tier's advance notice; debrief_due is the
   last return plus the tier's debrief deadline; business days use the home country's calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sojourn.policy import findings as find
from sojourn.policy.assessment import Assessment, Finding, Risk, Route
from sojourn.policy.calendar import add_days, subtract_days
from sojourn.policy.exposure import Exposure, expose
from sojourn.policy.funding import funding_findings
from sojourn.policy.inputs import Advisory, Hold, Leg, ListedParty, TripFacts, validate_trip
from sojourn.policy.pack import Pack, Tier
from sojourn.policy.risk import score


def assess(
    pack: Pack,
    trip: TripFacts,
    *,
    advisories: Sequence[Advisory] = (),
    holds: Sequence[Hold] = (),
    listed: Sequence[ListedParty] = (),
) -> Assessment:
    validate_trip(trip)
    legs = sorted(trip.legs, key=_leg_order)
    held = [f for f in (find.travel_hold(hold, legs) for hold in _ordered(holds)) if f]
    reason = _uncovered_reason(pack, trip, legs)
    if reason:
        return _not_covered(pack, find.not_covered(pack, reason, trip), held)
    home = trip.traveller.home_country
    ordered = _ordered(advisories)
    exposures = [expose(pack, leg, home, ordered) for leg in legs]
    strictest = max(exposures, key=lambda exposure: exposure.rank)
    if strictest.tier is None:
        return _not_covered(pack, find.not_covered(pack, "no_tier", trip), held)
    return _covered(pack, trip, strictest.tier, exposures, held, find.listed_parties(listed))


def _covered(
    pack: Pack,
    trip: TripFacts,
    tier: Tier,
    exposures: list[Exposure],
    held: list[Finding],
    listed: list[Finding],
) -> Assessment:
    home = trip.traveller.home_country
    departs = exposures[0].leg.starts_on
    returns = max(exposure.leg.ends_on for exposure in exposures)
    notice = tier.advance_notice
    report_by = subtract_days(departs, notice.days, business=notice.business_days, country=home)
    debrief = tier.debrief
    debrief_due = (
        add_days(returns, debrief.days, business=debrief.business_days, country=home)
        if debrief
        else None
    )
    findings = [
        *held,
        *listed,
        *find.prohibited_destinations(pack, exposures),
        *find.advisories_in_force(pack, exposures),
        find.necessity_missing(pack, tier, trip),
        find.transit_restricted(pack, exposures),
        find.late_report(pack, tier, trip, report_by, departs),
        *funding_findings(pack, trip),
    ]
    found = tuple(finding for finding in findings if finding is not None)
    denied = bool(held) or any(e.prohibited for e in exposures)
    route = _route(tier, found, denied=denied or any(f.code == PROHIBITED for f in found))
    return Assessment(
        policy=pack.ref,
        covered=True,
        tier=tier.name,
        tier_label=tier.label,
        route=route,
        approvals=tier.approvals if route == Route.REVIEW else (),
        report_by=report_by,
        debrief_due=debrief_due,
        checkin_hours=tier.checkin_hours,
        briefing_required=tier.briefing,
        debrief_depth=debrief.depth if debrief else None,
        findings=found,
        risk=score(pack, tier, exposures, found, trip.meetings, home),
        tier_rank=tier.rank,
        device_guidance=tier.device_guidance,
        briefing_text=tier.briefing_text,
        debrief_contacts_required=debrief.contacts_required if debrief else False,
        necessity_required=tier.travel == "discouraged",
        **_escalation(pack),
    )


PROHIBITED = "prohibited_funding"


def _escalation(pack: Pack) -> dict[str, int]:
    return {
        "checkin_grace_hours": pack.escalation.checkin_grace_hours,
        "debrief_oversight_after_days": pack.escalation.debrief_oversight_after_days,
        "follow_up_days": pack.escalation.late_report_follow_up_days,
    }


def _route(tier: Tier, findings: tuple[Finding, ...], *, denied: bool) -> Route:
    if denied:
        return Route.DENY
    if tier.auto_approve and not findings:
        return Route.AUTO_APPROVE
    return Route.REVIEW


def _uncovered_reason(pack: Pack, trip: TripFacts, legs: list[Leg]) -> str | None:
    """Why the pack leaves the trip out (a key of `findings.NOT_COVERED`), or None."""
    coverage = pack.coverage
    traveller = trip.traveller
    if not coverage.any_sector(traveller.sectors):
        return "sectors"
    if not coverage.any_position(traveller.positions):
        return "positions"
    home = traveller.home_country
    if not coverage.domestic and all(leg.country == home for leg in legs):
        return "domestic"
    return None


def _not_covered(pack: Pack, reason: Finding, held: list[Finding]) -> Assessment:
    """Outside the pack; a hold on the person still stops the trip."""
    return Assessment(
        policy=pack.ref,
        covered=False,
        tier=None,
        route=Route.DENY if held else Route.NOT_REQUIRED,
        approvals=(),
        report_by=None,
        debrief_due=None,
        checkin_hours=None,
        briefing_required=False,
        debrief_depth=None,
        findings=(*held, reason),
        risk=Risk(0),
    )


def _leg_order(leg: Leg) -> tuple[object, ...]:
    return (leg.starts_on, leg.ends_on, leg.country, leg.transit, leg.city)


Directive = TypeVar("Directive", Advisory, Hold)


def _ordered(items: Sequence[Directive]) -> list[Directive]:
    return sorted(items, key=lambda item: item.id)
