"""A pack's rules on who pays for an invitation: its `funding` section, compiled.

funding:
  foreign_sponsorship:            # a finding when a host or third party of another country
    items: [travel, lodging]      # than the organisation's home pays for one of these
  prohibited:                     # a blocker (route deny) when a host or third party of a
    - items: [gift, travel]       # listed country pays for one of these
      payer_countries: ["@COUNTRIES_OF_CONCERN"]
      reason: {en: ..., zh-hans: ...}     # optional: why, shown with the finding
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sojourn.policy.groups import expand
from sojourn.policy.pack_schema import FundingDoc
from sojourn.policy.texts import Text


@dataclass(frozen=True)
class ProhibitedFunding:
    path: str
    """Where the rule sits in the pack: funding.prohibited[0]."""
    items: frozenset[str]
    payer_countries: frozenset[str]
    reason: Text | None = None


@dataclass(frozen=True)
class FundingRules:
    sponsorship_items: frozenset[str] = frozenset()
    """The items whose payment by a foreign host or third party is a `foreign_sponsorship`."""
    prohibited: tuple[ProhibitedFunding, ...] = ()


def compile_funding(doc: FundingDoc, groups: Mapping[str, frozenset[str]]) -> FundingRules:
    sponsorship = doc.foreign_sponsorship
    return FundingRules(
        sponsorship_items=frozenset(sponsorship.items) if sponsorship else frozenset(),
        prohibited=tuple(
            ProhibitedFunding(
                path=f"funding.prohibited[{index}]",
                items=frozenset(rule.items),
                payer_countries=expand(
                    tuple(rule.payer_countries),
                    groups,
                    context=f"funding.prohibited[{index}].payer_countries",
                ),
                reason=Text(rule.reason.en, rule.reason.zh_hans or "") if rule.reason else None,
            )
            for index, rule in enumerate(doc.prohibited)
        ),
    )
