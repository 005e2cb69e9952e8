"""Findings on who pays for an invitation: `foreign_sponsorship` and `prohibited_funding`.

The params of each code:
- foreign_sponsorship: home_country, funding (the items a host or third party of another country
  pays for)
- prohibited_funding: funding (the items the rule forbids), payer_countries (the rule's countries
  the payers are in), reason (a text, or null)
An item is {item, paid_by, payer_name, payer_country, value}; a text is {en, zh-hans}.
"""

from __future__ import annotations

from collections.abc import Sequence

from sojourn.policy.assessment import Finding, Severity
from sojourn.policy.countries import describe
from sojourn.policy.inputs import Funding, TripFacts
from sojourn.policy.pack import Pack


def funding_findings(pack: Pack, trip: TripFacts) -> list[Finding]:
    outside = [funding for funding in trip.funding if funding.outside]
    if not outside:
        return []
    found = [
        _prohibited(pack, rule_index, outside) for rule_index in range(len(pack.funding.prohibited))
    ]
    found.append(foreign_sponsorship(pack, trip.traveller.home_country, outside))
    return [finding for finding in found if finding is not None]


def foreign_sponsorship(pack: Pack, home: str, outside: Sequence[Funding]) -> Finding | None:
    items = pack.funding.sponsorship_items
    foreign = [f for f in outside if f.item in items and f.payer_country != home]
    if not foreign:
        return None
    return Finding(
        code="foreign_sponsorship",
        severity=Severity.WARNING,
        message=(
            f"Paid for from outside {describe(home)}: {_items(foreign)}. Funding from a foreign "
            "host or third party is sponsorship: the security officer reviews it before you "
            "accept."
        ),
        rule=f"{pack.ref}:funding.foreign_sponsorship",
        params={"home_country": home, "funding": _facts(foreign)},
    )


def _prohibited(pack: Pack, index: int, outside: Sequence[Funding]) -> Finding | None:
    rule = pack.funding.prohibited[index]
    matched = [
        f for f in outside if f.item in rule.items and f.payer_country in rule.payer_countries
    ]
    if not matched:
        return None
    reason = f" {rule.reason.en}" if rule.reason else ""
    return Finding(
        code="prohibited_funding",
        severity=Severity.BLOCKER,
        message=(
            f"The policy prohibits {_items(matched)}.{reason} Decline what is offered, or the "
            "invitation."
        ),
        rule=f"{pack.ref}:{rule.path}",
        params={
            "funding": _facts(matched),
            "payer_countries": sorted({f.payer_country for f in matched}),
            "reason": rule.reason.to_dict() if rule.reason else None,
        },
    )


def _facts(funding: Sequence[Funding]) -> list[dict[str, str]]:
    return [
        {
            "item": f.item,
            "paid_by": f.paid_by,
            "payer_name": f.payer_name,
            "payer_country": f.payer_country,
            "value": f.value,
        }
        for f in funding
    ]


def _items(funding: Sequence[Funding]) -> str:
    return "; ".join(
        f"{f.item}{f' ({f.value})' if f.value else ''} paid by "
        f"{f.payer_name or f.paid_by.replace('_', ' ')} ({describe(f.payer_country)})"
        for f in funding
    )
