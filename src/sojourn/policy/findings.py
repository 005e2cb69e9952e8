"""Findings: what is wrong or notable about a trip, with the rule behind it.

Each builder returns a Finding or None: a `code` and the `params` a face needs to word it in the
reader's language (the dates, countries and legs involved, so a traveller can act without reading
the policy), and the English `message`. `rule` is "id@version:path" for a rule of the pack,
"advisory:ID" or "hold:ID" for a directive.

The params of each code:
- travel_hold: hold_until, reason, legs
- prohibited_destination: country, and either advisory, starts_on, ends_on, legs (an advisory
  prohibits it) or tier, tier_label (the tier's travel is prohibited)
- advisory_in_force: advisory, starts_on, ends_on, legs, effect (prohibit | raise_tier),
  tier, tier_label (the tier a raise_tier advisory raises to), text
- necessity_missing: tier, tier_label, missing (a list of "necessity" and "alternatives")
- transit_restricted: legs, tier, tier_label
- late_report: reported_on, report_by, departs_on, tier, tier_label, days, business_days
- listed_party: field, list_id, entry_id, entry_name, alias, score, as_of
- not_covered: policy, title (a text in each language), reason (sectors | positions | domestic |
  no_tier), sectors, positions
A leg is {country, city, starts_on, ends_on, transit}; a text is {en, zh-hans}.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from sojourn.policy.assessment import Finding, Severity
from sojourn.policy.countries import describe
from sojourn.policy.exposure import Exposure, advisory_tier
from sojourn.policy.inputs import Advisory, Hold, Leg, ListedParty, TripFacts
from sojourn.policy.pack import Pack, Tier


def travel_hold(hold: Hold, legs: Sequence[Leg]) -> Finding | None:
    held = [leg for leg in legs if leg.starts_on <= hold.hold_until]
    if not held:
        return None
    return Finding(
        code="travel_hold",
        severity=Severity.BLOCKER,
        message=(
            f"Travel by this person is on hold until {hold.hold_until.isoformat()} "
            f"({hold.reason}); {_legs(held)} would start before the hold ends."
        ),
        rule=f"hold:{hold.id}",
        params={
            "hold_until": hold.hold_until.isoformat(),
            "reason": hold.reason,
            "legs": _facts(held),
        },
    )


def prohibited_destinations(pack: Pack, exposures: Sequence[Exposure]) -> list[Finding]:
    findings: dict[tuple[str, str], Finding] = {}
    for exposure in exposures:
        if not exposure.prohibited:
            continue
        country = describe(exposure.leg.country)
        advisory = exposure.prohibited_by
        params: dict[str, object] = {"country": exposure.leg.country}
        if advisory is not None:
            rule = f"advisory:{advisory.id}"
            message = (
                f"Advisory {advisory.id} prohibits travel to {country} from "
                f"{advisory.starts_on.isoformat()} to {advisory.ends_on.isoformat()}; "
                f"{_legs([exposure.leg])} falls in that window."
            )
            params |= {
                "advisory": advisory.id,
                "starts_on": advisory.starts_on.isoformat(),
                "ends_on": advisory.ends_on.isoformat(),
                "legs": _facts([exposure.leg]),
            }
        else:
            assert exposure.tier is not None
            rule = f"{pack.ref}:{exposure.tier.path}.travel"
            message = (
                f"Travel to {country} is prohibited: it is in tier '{exposure.tier.name}', "
                "whose travel is prohibited."
            )
            params |= _tier(exposure.tier)
        findings.setdefault(
            (rule, exposure.leg.country),
            Finding("prohibited_destination", Severity.BLOCKER, message, rule, params),
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
    raised = pack.tier(advisory_tier(pack, advisory)) if advisory.effect != "prohibit" else None
    return Finding(
        code="advisory_in_force",
        severity=Severity.WARNING,
        message=(
            f"Advisory {advisory.id} is in force from {advisory.starts_on.isoformat()} to "
            f"{advisory.ends_on.isoformat()} and covers {_legs(legs)}: {effect}.{text}"
        ),
        rule=f"advisory:{advisory.id}",
        params={
            "advisory": advisory.id,
            "starts_on": advisory.starts_on.isoformat(),
            "ends_on": advisory.ends_on.isoformat(),
            "legs": _facts(legs),
            "effect": advisory.effect,
            **(_tier(raised) if raised is not None else {}),
            "text": advisory.text.strip(),
        },
    )


def necessity_missing(pack: Pack, tier: Tier, trip: TripFacts) -> Finding | None:
    if tier.travel != "discouraged":
        return None
    missing = [
        (name, label)
        for name, label, value in (
            ("necessity", "why the trip is necessary", trip.necessity),
            (
                "alternatives",
                "which alternatives (such as attending remotely) were considered",
                trip.alternatives,
            ),
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
            f"necessary. Explain {' and '.join(label for _, label in missing)}."
        ),
        rule=f"{pack.ref}:{tier.path}.travel",
        params={**_tier(tier), "missing": [name for name, _ in missing]},
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
        params={"legs": _facts([e.leg for e in stricter]), **_tier(worst.tier)},
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
        params={
            "reported_on": trip.reported_on.isoformat(),
            "report_by": report_by.isoformat(),
            "departs_on": departs.isoformat(),
            **_tier(tier),
            "days": notice.days,
            "business_days": notice.business_days,
        },
    )


def listed_parties(listed: Sequence[ListedParty]) -> list[Finding]:
    """One blocker per name found on a list: a reviewer must see it, and a trip approved before
    the name was listed needs approving again."""
    order = sorted(listed, key=lambda p: (p.field, p.list_id, p.entry_id))
    return [_listed(party) for party in order]


def _listed(party: ListedParty) -> Finding:
    return Finding(
        code="listed_party",
        severity=Severity.BLOCKER,
        message=(
            f"The name at {party.field} matches '{party.alias}' ({party.score:.0f} of 100), "
            f"entry {party.entry_id} ({party.entry_name}) of the list {party.list_id} as of "
            f"{party.as_of.isoformat()}."
        ),
        rule=f"list:{party.list_id}@{party.as_of.isoformat()}",
        params={
            "field": party.field,
            "list_id": party.list_id,
            "entry_id": party.entry_id,
            "entry_name": party.entry_name,
            "alias": party.alias,
            "score": round(party.score, 1),
            "as_of": party.as_of.isoformat(),
        },
    )


NOT_COVERED = {
    "sectors": ("the traveller's sectors ({sectors}) are not among those it covers", "sectors"),
    "positions": ("the traveller's position ({positions}) is not one it covers", "positions"),
    "domestic": ("travel within the home country is not covered", "domestic"),
    "no_tier": ("no destination of the trip is in any of its tiers", ""),
}
"""Why a trip is not covered: the English words and the pack's path under `coverage`."""


def not_covered(pack: Pack, reason: str, trip: TripFacts) -> Finding:
    traveller = trip.traveller
    params = {
        "policy": pack.ref,
        "title": pack.title.to_dict(),
        "reason": reason,
        "sectors": list(traveller.sectors),
        "positions": list(traveller.positions),
    }
    words, key = NOT_COVERED[reason]
    because = words.format(
        sectors=", ".join(traveller.sectors) or "none",
        positions=", ".join(traveller.positions) or "none",
    )
    return Finding(
        code="not_covered",
        severity=Severity.INFO,
        message=f"This trip is not covered by {pack.title}: {because}.",
        rule=f"{pack.ref}:{f'coverage.{key}' if key else 'tiers'}",
        params=params,
    )


def _tier(tier: Tier) -> dict[str, object]:
    return {"tier": tier.name, "tier_label": tier.label.to_dict()}


def _facts(legs: Sequence[Leg]) -> list[dict[str, object]]:
    return [
        {
            "country": leg.country,
            "city": leg.city,
            "starts_on": leg.starts_on.isoformat(),
            "ends_on": leg.ends_on.isoformat(),
            "transit": leg.transit,
        }
        for leg in legs
    ]


def _legs(legs: Sequence[Leg]) -> str:
    return "; ".join(
        f"{describe(leg.country)}{', ' + leg.city if leg.city else ''} {_span(leg)}"
        f"{' (transit)' if leg.transit else ''}"
        for leg in legs
    )


def _span(leg: Leg) -> str:
    if leg.starts_on == leg.ends_on:
        return f"on {leg.starts_on.isoformat()}"
    return f"{leg.starts_on.isoformat()} to {leg.ends_on.isoformat()}"
