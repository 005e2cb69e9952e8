"""The pack's tier decision encoded for Cedar, generated from the pack, in two shapes.

The decision being encoded (see sojourn.policy.engine): a traveller outside the pack's sectors or
positions is not covered; otherwise each leg, transits included, falls in the strictest tier
that lists its country (or that covers every foreign country), a leg in the home country falls
in no tier unless the pack covers domestic travel, and the trip takes the strictest tier of its
legs. No tier at all: not covered.

Both shapes make the strictest-tier rule part of the policies: the policy of tier k permits when
the tier matches and `unless` any stricter tier matches, so at most one policy is satisfied and
its `@id("tier:NAME")` annotation is the answer. No policy satisfied (Deny) means not covered.

- Per trip (`TripEncoding`): one request per trip, `Action::"assess"` on `Trip::"tN"`; the
  context carries `abroad`, the set of the trip's leg countries other than the traveller's home
  (Cedar has no quantifier over a set, so "some leg is abroad" cannot be asked of the leg list
  itself), and `home_leg` when the pack covers domestic travel. A tier with a destination list
  matches when `context.abroad.containsAny(Zone::"TIER".members)`; a tier for every foreign
  country when `context.abroad` is not empty.
- Per leg (`LegEncoding`): one request per distinct leg country, `Action::"visit"` on
  `Country::"US"`, whose parents are the `Zone::"TIER"` entities of the tiers listing it, so a
  tier matches with `resource in Zone::"TIER"` and the home country is excluded with
  `resource != principal.home`. The trip's tier is the strictest of its legs' answers, taken
  in Python.

Travellers are `Traveller::"pN"` entities with `home` (a Country), `sectors` and `positions`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import cedarpy

from policybench.trips import Mix, Person
from sojourn.policy import ALL_CODES, Pack, Tier, TripFacts

EVERYWHERE = "*"
TIER_ID = "tier:"

Request = dict[str, Any]


def entities(pack: Pack, people: Iterable[Person]) -> cedarpy.Entities:
    """Travellers, every country (with the zones of the tiers listing it) and the zones."""
    zones = [tier for tier in pack.tiers if tier.destinations]
    documents: list[dict[str, Any]] = [
        {
            "uid": _uid("Traveller", person.id),
            "attrs": {
                "home": {"__entity": _uid("Country", person.traveller.home_country)},
                "sectors": list(person.traveller.sectors),
                "positions": list(person.traveller.positions),
            },
            "parents": [],
        }
        for person in people
    ]
    documents += [
        {
            "uid": _uid("Country", code),
            "attrs": {},
            "parents": [_uid("Zone", tier.name) for tier in zones if code in tier.destinations],
        }
        for code in sorted(ALL_CODES)
    ]
    documents += [
        {
            "uid": _uid("Zone", tier.name),
            "attrs": {
                "members": [{"__entity": _uid("Country", c)} for c in sorted(tier.destinations)]
            },
            "parents": [],
        }
        for tier in zones
    ]
    return cedarpy.Entities.from_json_str(json.dumps(documents))


@dataclass(frozen=True)
class TripEncoding:
    """One request per trip; the policies answer with the trip's tier."""

    pack: Pack

    def policies(self) -> str:
        return _policies(self.pack, action="assess", resource="Trip", match=self._match)

    def request(self, owner: str, number: int, trip: TripFacts) -> Request:
        home = trip.traveller.home_country
        context: dict[str, Any] = {
            "abroad": [
                {"__entity": _uid("Country", code)}
                for code in sorted({leg.country for leg in trip.legs if leg.country != home})
            ]
        }
        if self.pack.coverage.domestic:
            context["home_leg"] = any(leg.country == home for leg in trip.legs)
        return {
            "principal": _uid("Traveller", owner),
            "action": _uid("Action", "assess"),
            "resource": _uid("Trip", f"t{number}"),
            "context": context,
        }

    def requests(self, owners: Sequence[str], trips: Sequence[TripFacts]) -> list[Request]:
        return [self.request(owners[n], n, trip) for n, trip in enumerate(trips)]

    def tiers(self, results: Sequence[cedarpy.AuthzResult]) -> list[tuple[str, ...]]:
        """The tiers each trip's request was permitted under: one, or none (not covered)."""
        return [_permitted(result) for result in results]

    def _match(self, tier: Tier) -> str:
        tests = []
        if tier.everywhere:
            tests.append("context.abroad != []")
        elif tier.destinations:
            tests.append(f'context.abroad.containsAny(Zone::"{tier.name}".members)')
        if self.pack.coverage.domestic and tier.destinations:
            tests.append(f'(context.home_leg && principal.home in Zone::"{tier.name}")')
        return " || ".join(tests) or "false"


@dataclass(frozen=True)
class LegEncoding:
    """One request per distinct leg country; the trip takes the strictest answer."""

    pack: Pack

    def policies(self) -> str:
        return _policies(self.pack, action="visit", resource="Country", match=self._match)

    def requests(
        self, owners: Sequence[str], trips: Sequence[TripFacts]
    ) -> tuple[list[Request], list[int]]:
        """The requests of all trips in order, and how many belong to each trip."""
        requests: list[Request] = []
        counts: list[int] = []
        visit = _uid("Action", "visit")
        for owner, trip in zip(owners, trips, strict=True):
            principal = _uid("Traveller", owner)
            countries = sorted({leg.country for leg in trip.legs})
            counts.append(len(countries))
            requests += [
                {"principal": principal, "action": visit, "resource": _uid("Country", code)}
                for code in countries
            ]
        return requests, counts

    def tiers(
        self, results: Sequence[cedarpy.AuthzResult], counts: Sequence[int]
    ) -> list[tuple[str, ...]]:
        """Each trip's tier: the strictest over its legs' answers, or none (not covered).

        A leg permitted under more than one tier means a broken encoding: the trip then answers
        with every tier named, so the agreement check fails instead of the max hiding it.
        """
        rank = {tier.name: tier.rank for tier in self.pack.tiers}
        trips: list[tuple[str, ...]] = []
        start = 0
        for count in counts:
            legs = [_permitted(result) for result in results[start : start + count]]
            start += count
            answers = [name for leg in legs for name in leg]
            if any(len(leg) > 1 for leg in legs):
                trips.append(tuple(sorted(set(answers))))
            else:
                trips.append((max(answers, key=rank.__getitem__),) if answers else ())
        return trips

    def _match(self, tier: Tier) -> str:
        listed = f'resource in Zone::"{tier.name}"' if tier.destinations else ""
        abroad = "resource != principal.home"
        if self.pack.coverage.domestic:
            if tier.everywhere:
                return f"{abroad} || {listed}" if listed else abroad
            return listed or "false"
        if tier.everywhere:
            return abroad
        return f"{abroad} && {listed}" if listed else "false"


@dataclass(frozen=True)
class Prepared:
    """Both encodings of one pack for one mix, parsed and built before any clock starts."""

    entities: cedarpy.Entities
    per_trip: TripEncoding
    per_leg: LegEncoding
    trip_policies: cedarpy.PolicySet
    leg_policies: cedarpy.PolicySet
    trip_requests: list[Request]
    leg_requests: list[Request]
    leg_counts: list[int]

    def trip_tiers(self) -> list[tuple[str, ...]]:
        results = cedarpy.is_authorized_batch(self.trip_requests, self.trip_policies, self.entities)
        return self.per_trip.tiers(results)

    def leg_tiers(self) -> list[tuple[str, ...]]:
        results = cedarpy.is_authorized_batch(self.leg_requests, self.leg_policies, self.entities)
        return self.per_leg.tiers(results, self.leg_counts)


def prepare(pack: Pack, mix: Mix) -> Prepared:
    per_trip, per_leg = TripEncoding(pack), LegEncoding(pack)
    leg_requests, leg_counts = per_leg.requests(mix.owners, mix.trips)
    return Prepared(
        entities=entities(pack, mix.people),
        per_trip=per_trip,
        per_leg=per_leg,
        trip_policies=cedarpy.PolicySet.from_str(per_trip.policies()),
        leg_policies=cedarpy.PolicySet.from_str(per_leg.policies()),
        trip_requests=per_trip.requests(mix.owners, mix.trips),
        leg_requests=leg_requests,
        leg_counts=leg_counts,
    )


def _policies(pack: Pack, *, action: str, resource: str, match: Callable[[Tier], str]) -> str:
    """One permit per tier: covered, the tier matches, and no stricter tier does."""
    coverage = _coverage(pack)
    policies = []
    for index, tier in enumerate(pack.tiers):
        clauses = [f"when {{ {coverage} }}"] if coverage else []
        clauses.append(f"when {{ {match(tier)} }}")
        stricter = [f"({match(other)})" for other in pack.tiers[:index]]
        if stricter:
            clauses.append(f"unless {{ {' || '.join(stricter)} }}")
        policies.append(
            f'@id("{TIER_ID}{tier.name}")\n'
            f'permit (principal is Traveller, action == Action::"{action}", '
            f"resource is {resource})\n" + "\n".join(clauses) + ";"
        )
    return "\n\n".join(policies) + "\n"


def _coverage(pack: Pack) -> str:
    tests = []
    for attribute, listed in (
        ("sectors", pack.coverage.sectors),
        ("positions", pack.coverage.positions),
    ):
        if EVERYWHERE not in listed:
            names = ", ".join(json.dumps(name) for name in sorted(listed))
            tests.append(f"principal.{attribute}.containsAny([{names}])")
    return " && ".join(tests)


def _permitted(result: cedarpy.AuthzResult) -> tuple[str, ...]:
    if result.diagnostics.errors:
        raise RuntimeError(f"Cedar could not evaluate a request: {result.diagnostics.errors}")
    if not result.allowed:
        return ()
    return tuple(
        sorted(
            name.removeprefix(TIER_ID)
            for name in result.diagnostics.id_annotations_by_reason.values()
        )
    )


def _uid(kind: str, name: str) -> dict[str, str]:
    return {"type": kind, "id": name}
