"""Which tier each leg of a trip falls in, once the advisories in force are applied."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sojourn.policy.groups import GroupError
from sojourn.policy.inputs import Advisory, InputError, Leg
from sojourn.policy.pack import Pack, Tier


class Exposure(NamedTuple):
    # A NamedTuple rather than a frozen dataclass: one is built per leg per assessment.
    leg: Leg
    tier: Tier | None
    """None: no tier of the pack applies to this leg (a domestic leg, or an unlisted country)."""
    advisories: tuple[Advisory, ...] = ()
    prohibited_by: Advisory | None = None

    @property
    def rank(self) -> int:
        return self.tier.rank if self.tier else 0

    @property
    def prohibited(self) -> bool:
        return self.prohibited_by is not None or (
            self.tier is not None and self.tier.travel == "prohibited"
        )


def expose(pack: Pack, leg: Leg, home: str, advisories: Sequence[Advisory]) -> Exposure:
    if leg.country == home and not pack.coverage.domestic:
        return Exposure(leg, None)
    tier = pack.tier_of(leg.country, home)
    applied: list[Advisory] = []
    prohibited_by: Advisory | None = None
    for index, advisory in enumerate(advisories):
        if not _applies(pack, advisory, leg, index):
            continue
        applied.append(advisory)
        if advisory.effect == "prohibit":
            prohibited_by = prohibited_by or advisory
            tier = tier or pack.tiers[0]
        else:
            tier = _raised(pack, tier, advisory)
    return Exposure(leg, tier, tuple(applied), prohibited_by)


def _applies(pack: Pack, advisory: Advisory, leg: Leg, index: int) -> bool:
    if leg.starts_on > advisory.ends_on or leg.ends_on < advisory.starts_on:
        return False
    try:
        return leg.country in pack.expand(advisory.destinations)
    except GroupError as error:
        raise InputError(f"advisories[{index}].destinations", str(error)) from error


def _raised(pack: Pack, tier: Tier | None, advisory: Advisory) -> Tier:
    # An advisory naming a tier this pack does not have fails closed: the strictest tier.
    target = pack.tier(advisory.tier or "") or pack.tiers[0]
    return target if tier is None or target.rank > tier.rank else tier


def advisory_tier(pack: Pack, advisory: Advisory) -> str:
    """The tier an advisory raises legs to under `pack`, as the finding should name it."""
    if advisory.effect == "prohibit":
        return "prohibited"
    target = pack.tier(advisory.tier or "")
    return target.name if target else pack.tiers[0].name
