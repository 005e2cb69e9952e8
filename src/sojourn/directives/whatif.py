"""What-if: how the open trips would come out under a pack, nothing written. The policy pages,
the API and `sojourn policy whatif` show it before a version is issued; it reads the trips and
the directives in force as a re-assessment run does (`directives.reassess`): at the end of each
trip's organisation's own date, as submission reads them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from sojourn.directives.reassess import (
    CHUNK,
    _organisations_following,
    _reported_on,
    in_force,
    open_trips,
)
from sojourn.people.models import Organisation
from sojourn.policy import Pack
from sojourn.policy import assess as evaluate
from sojourn.policy.compare import stricter
from sojourn.trips import screens
from sojourn.trips.assessing import facts_of
from sojourn.trips.models import Trip


@dataclass(frozen=True)
class WhatIfRow:
    trip_id: int
    title: str
    organisation: dict[str, str]  # {slug, name}, as the API answers an organisation
    old_tier: str
    new_tier: str
    old_route: str
    new_route: str
    old_approvals: list[str]
    new_approvals: list[str]
    stricter: bool


@dataclass
class WhatIfReport:
    policy: str
    scope: str
    examined: int = 0
    tier_changes: int = 0
    route_changes: int = 0
    approval_changes: int = 0
    stricter: int = 0
    rows: list[WhatIfRow] = field(default_factory=list)


def _trips_for_whatif(
    pack: Pack, now: datetime.datetime
) -> tuple[str, list[Organisation], Iterator[Trip]]:
    """What the report covers, the organisations whose trips it reads, and those trips."""
    following = list(_organisations_following(pack.id))
    trips = open_trips(now)
    scope = "organisations following " + pack.id
    if following:
        trips = trips.filter(organisation__in=following)
    else:
        scope = "every open trip (no organisation follows " + pack.id + " yet)"
        following = list(Organisation.objects.all())
    iterator = (
        trips.select_related("traveller__person", "organisation", "invitation")
        .prefetch_related("legs", "meetings")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    return scope, following, iterator


def whatif(pack: Pack, *, now: datetime.datetime) -> WhatIfReport:
    """How the open trips would come out under `pack`; nothing is written."""
    scope, organisations, trips = _trips_for_whatif(pack, now)
    report = WhatIfReport(policy=pack.ref, scope=scope)
    if not organisations:  # nobody reports trips yet
        return report
    directives = in_force(organisations, now)
    for trip in trips:
        report.examined += 1
        facts = facts_of(trip, reported_on=_reported_on(trip.organisation, trip.submitted_at, now))
        [listed] = screens.listed_parties([(trip.organisation_id, screens.names_of(facts))])
        new = evaluate(
            pack,
            facts,
            advisories=directives.advisories[trip.organisation_id],
            holds=directives.holds[trip.organisation_id].get(trip.traveller_id, ()),
            listed=listed,
        )
        old = trip.assessment or {}
        tier_changed = (new.tier or "") != (old.get("tier") or "")
        route_changed = str(new.route) != old.get("route")
        approvals_changed = list(new.approvals) != list(old.get("approvals") or [])
        if not (tier_changed or route_changed or approvals_changed):
            continue
        report.tier_changes += tier_changed
        report.route_changes += route_changed
        report.approval_changes += approvals_changed
        is_stricter = stricter(new, old)
        report.stricter += is_stricter
        report.rows.append(
            WhatIfRow(
                trip_id=trip.pk,
                title=trip.title,
                organisation={"slug": trip.organisation.slug, "name": trip.organisation.name},
                old_tier=str(old.get("tier") or ""),
                new_tier=new.tier or "",
                old_route=str(old.get("route") or ""),
                new_route=str(new.route),
                old_approvals=list(old.get("approvals") or []),
                new_approvals=list(new.approvals),
                stricter=is_stricter,
            )
        )
    return report
