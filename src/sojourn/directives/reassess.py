"""Re-assessing the open trips after a directive, and previewing a pack without changing anything.

A run walks the trips in id order, a chunk per transaction, and records its cursor after each
chunk: a run that stops (a crash, a deploy) goes on where it stopped. Per chunk, what is in
force (the policy versions of the chunk's packs, the advisories, the holds) is read once, every
trip is evaluated in process by the pure engine, and the changes are written in one bulk insert:
the queries of a chunk do not grow with its size.

What a run stores on a trip:

- a stricter outcome reopens the approval through the lifecycle (`bulk.reopen_many`, the stricter
  trips of a chunk together, each as the one-trip `reopen` would): it stores the new assessment,
  opens a new review round, writes the audit event and tells the people concerned;
- a looser outcome (another tier or route, none stricter) leaves the approval standing and is
  only recorded as a `ReassessmentChange`;
- an unchanged or looser outcome does not touch the trip. Its assessment is the snapshot the
  approval was granted under (taken at submission, replaced only by a reopening), and the next
  run compares with it: refreshing it to a looser outcome would let a later directive that
  merely restores the old requirements count as stricter and reopen an approval that already
  covered them. What the current policy says about a trip is the run's changes and the what-if.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from sojourn.directives import registry
from sojourn.directives.models import (
    Directive,
    DirectiveKind,
    PolicyVersion,
    ReassessmentChange,
    ReassessmentRun,
    RunStatus,
)
from sojourn.people.models import Organisation
from sojourn.people.today import by_local_date, today_of
from sojourn.policy import (
    Advisory,
    Assessment,
    Hold,
    Leg,
    ListedParty,
    Meeting,
    Pack,
    Traveller,
    TripFacts,
)
from sojourn.policy import assess as evaluate
from sojourn.policy.compare import stricter
from sojourn.trips import assessing, screens
from sojourn.trips.funding import facts_of as funding_facts
from sojourn.trips.models import Leg as TripLeg
from sojourn.trips.models import PlannedMeeting, Trip, TripStatus
from sojourn.trips.services import bulk

S = TripStatus
CHUNK = 200
# A run that has made no progress for this long lost its process and may be taken over.
STALE_AFTER = datetime.timedelta(minutes=10)


def open_trips(now: datetime.datetime) -> QuerySet[Trip]:
    """Trips a directive can still change: awaiting review, approved, or under way with days
    ahead. A trip is under way through its last day by its organisation's date: a New York trip
    on its last evening is still re-assessed though UTC is on the next day."""
    under_way = Q(status=S.IN_PROGRESS) & by_local_date(now, lambda today: Q(ends_on__gte=today))
    return Trip.objects.filter(Q(status__in=[S.SUBMITTED, S.APPROVED]) | under_way)


def _organisations_following(pack_id: str) -> QuerySet[Organisation]:
    from django.conf import settings

    follows = Q(policy_pack=pack_id)
    if pack_id == settings.SOJOURN_DEFAULT_POLICY:
        follows |= Q(policy_pack="")
    return Organisation.objects.filter(follows)


def concerned(directive: Directive | None, now: datetime.datetime) -> QuerySet[Trip]:
    trips = open_trips(now)
    if directive is None:
        return trips
    if directive.kind == DirectiveKind.HOLD_PERSON:
        return trips.filter(traveller_id=directive.person_id)
    if directive.kind == DirectiveKind.POLICY and directive.policy_version is not None:
        return trips.filter(
            organisation__in=_organisations_following(directive.policy_version.pack_id)
        )
    return trips


def start(directive: Directive | None, *, now: datetime.datetime) -> ReassessmentRun:
    return ReassessmentRun.objects.create(
        directive=directive, created_at=now, total=concerned(directive, now).count()
    )


def _claim(run_id: int, now: datetime.datetime) -> bool:
    """Take the run for this process: pending, failed, or running but silent for too long."""
    claimable = Q(status__in=[RunStatus.PENDING, RunStatus.FAILED]) | Q(
        status=RunStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    )
    return (
        ReassessmentRun.objects.filter(claimable, pk=run_id).update(
            status=RunStatus.RUNNING,
            started_at=Coalesce("started_at", now),
            heartbeat_at=now,
            error="",
        )
        == 1
    )


def _reported_on(
    organisation: Organisation, submitted_at: datetime.datetime | None, now: datetime.datetime
) -> datetime.date:
    """When the trip was reported, by the organisation's date as its submission counted it:
    re-assessing must not make an old report late (a New York evening is tomorrow in UTC)."""
    return today_of(organisation, submitted_at or now)


@dataclass(frozen=True)
class OpenTrip:
    """An open trip as a run reads it: the facts the engine needs and the stored snapshot."""

    id: int
    traveller_id: int
    organisation_id: int
    facts: TripFacts
    assessment: Mapping[str, Any]


TRIP_COLUMNS = (
    "id",
    "traveller_id",
    "organisation_id",
    "purpose",
    "necessity",
    "alternatives",
    "submitted_at",
    "assessment",
    "traveller__person__position",
    "traveller__person__sectors",
    "invitation__funding",
)
LEG_COLUMNS = ("trip_id", "country", "city", "starts_on", "ends_on", "transit")
MEETING_COLUMNS = ("trip_id", "counterpart", "organisation", "country")


def trip_rows(trips: QuerySet[Trip], *, after: int, size: int) -> QuerySet[Trip, tuple[Any, ...]]:
    """The next `size` trips after the id `after`, as rows of TRIP_COLUMNS."""
    return trips.filter(pk__gt=after).order_by("pk").values_list(*TRIP_COLUMNS)[:size]


def leg_rows(trip_ids: Sequence[int]) -> QuerySet[TripLeg, tuple[Any, ...]]:
    """The legs of those trips in itinerary order (the model's order, without its join)."""
    return (
        TripLeg.objects.filter(trip_id__in=trip_ids)
        .order_by("trip_id", "position", "starts_on")
        .values_list(*LEG_COLUMNS)
    )


def meeting_rows(trip_ids: Sequence[int]) -> QuerySet[PlannedMeeting, tuple[Any, ...]]:
    return (
        PlannedMeeting.objects.filter(trip_id__in=trip_ids)
        .order_by("trip_id", "date", "id")
        .values_list(*MEETING_COLUMNS)
    )


def _read(
    trips: QuerySet[Trip], *, after: int, size: int, now: datetime.datetime
) -> tuple[list[OpenTrip], dict[int, Organisation]]:
    """A chunk of open trips as rows: no model objects, one query per table."""
    rows = list(trip_rows(trips, after=after, size=size))
    if not rows:
        return [], {}
    ids = [row[0] for row in rows]
    legs: dict[int, list[Leg]] = defaultdict(list)
    for trip_id, country, city, starts_on, ends_on, transit in leg_rows(ids):
        legs[trip_id].append(
            Leg(country=country, city=city, starts_on=starts_on, ends_on=ends_on, transit=transit)
        )
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    for trip_id, counterpart, organisation, country in meeting_rows(ids):
        meetings[trip_id].append(
            Meeting(counterpart=counterpart, organisation=organisation, country=country)
        )
    organisations = Organisation.objects.in_bulk({row[2] for row in rows})
    chunk = []
    for (id_, traveller_id, organisation_id, purpose, necessity, alternatives, submitted_at,
         assessment, position, sectors, funding) in rows:  # fmt: skip
        if position is None:
            raise LookupError(f"Trip {id_}: its traveller has no profile to assess.")
        organisation = organisations[organisation_id]
        facts = TripFacts(
            # As trips.assessing.traveller_of and facts_of make them from the models.
            traveller=Traveller(
                positions=(position,),
                sectors=tuple(sorted(set(organisation.sectors) | set(sectors))),
                home_country=organisation.home_country,
            ),
            purpose=purpose,
            reported_on=_reported_on(organisation, submitted_at, now),
            necessity=necessity,
            alternatives=alternatives,
            legs=tuple(legs[id_]),
            meetings=tuple(meetings[id_]),
            funding=funding_facts(funding or []),
        )
        chunk.append(OpenTrip(id_, traveller_id, organisation_id, facts, assessment or {}))
    return chunk, organisations


@dataclass(frozen=True)
class InForce:
    """What `trips.assessing.assess` looks up for each trip, read once for a chunk: by
    organisation, the version of its pack and the directives in force at the end of its own
    date (`today_of`), and the holds by traveller."""

    packs: Mapping[int, Pack]
    advisories: Mapping[int, Sequence[Advisory]]
    holds: Mapping[int, Mapping[int, Sequence[Hold]]]

    def assess(self, trip: OpenTrip, listed: Sequence[ListedParty] = ()) -> Assessment:
        organisation = trip.organisation_id
        return evaluate(
            self.packs[organisation],
            trip.facts,
            advisories=self.advisories[organisation],
            holds=self.holds[organisation].get(trip.traveller_id, ()),
            listed=listed,
        )


def listed_in(chunk: Sequence[OpenTrip]) -> list[tuple[ListedParty, ...]]:
    """The names of the chunk's trips found on a restricted-party list, screened together."""
    return screens.listed_parties(
        [(trip.organisation_id, screens.names_of(trip.facts)) for trip in chunk]
    )


def in_force(organisations: Iterable[Organisation], now: datetime.datetime) -> InForce:
    """One query for the policy versions, and two (advisories, holds) per distinct moment the
    organisations' days end at: as many as their time zones at most, whatever the trips."""
    moments = {org.pk: assessing.in_force_at(today_of(org, now), org) for org in organisations}
    pack_ids = {org.pk: registry.pack_id_for(org) for org in organisations}
    versions = list(
        PolicyVersion.objects.filter(
            pack_id__in=set(pack_ids.values()), effective_from__lte=max(moments.values())
        ).order_by("-version")
    )
    packs: dict[int, Pack] = {}
    for org_id, pack_id in pack_ids.items():
        at = moments[org_id]
        newest = next(
            (v for v in versions if v.pack_id == pack_id and v.effective_from <= at),
            None,
        )  # none registered yet: the registry's own fallback
        packs[org_id] = registry.pack_of(newest or registry.current_version(pack_id, at))
    directives = {
        at: (registry.advisories_in_force(at), registry.holds_by_person(at))
        for at in set(moments.values())
    }
    return InForce(
        packs=packs,
        advisories={org_id: directives[at][0] for org_id, at in moments.items()},
        holds={org_id: directives[at][1] for org_id, at in moments.items()},
    )


def _compare(run: ReassessmentRun, trip: OpenTrip, new: Assessment) -> ReassessmentChange | None:
    """The change the run records for `trip`, if any (a stricter one reopens it)."""
    old = trip.assessment
    if stricter(new, old):
        return _change(run, trip, old, new, stricter=True, action="reopened")
    if (new.tier or "") != (old.get("tier") or "") or str(new.route) != old.get("route"):
        return _change(run, trip, old, new, stricter=False, action="looser_kept")
    return None


def reopen_reason(directive: Directive | None) -> str | Promise:
    """Why a re-assessment for `directive` (None: for no directive) reopened a trip, in each
    reader's language, the directive's text as written: the notifications and a trip's story
    word it so; the audit event names the directive and the run by id."""
    if directive is None:
        return gettext_lazy("A re-assessment found the outcome stricter.")
    return format_lazy(
        gettext_lazy("Directive #{id} ({kind}): {text}"),
        id=directive.pk,
        kind=DirectiveKind(directive.kind).label,
        text=directive.text,
    )


def _cause(run: ReassessmentRun) -> dict[str, int]:
    """What made the trips stricter, by id, for their audit events."""
    if run.directive_id is None:
        return {"run_id": run.pk}
    return {"run_id": run.pk, "directive_id": run.directive_id}


def _change(
    run: ReassessmentRun,
    trip: OpenTrip,
    old: Mapping[str, object],
    new: Assessment,
    *,
    stricter: bool,
    action: str,
) -> ReassessmentChange:
    return ReassessmentChange(
        run=run,
        trip_id=trip.id,
        old_tier=str(old.get("tier") or ""),
        new_tier=new.tier or "",
        old_route=str(old.get("route") or ""),
        new_route=str(new.route),
        stricter=stricter,
        action=action,
    )


def _chunk(
    run: ReassessmentRun, trips: QuerySet[Trip], *, now: datetime.datetime, size: int
) -> bool:
    """Re-assess the next chunk after the cursor and move the cursor; False when none is left."""
    with transaction.atomic():
        chunk, organisations = _read(trips, after=run.cursor, size=size, now=now)
        if not chunk:
            return False
        policy = in_force(organisations.values(), now)
        changes: list[ReassessmentChange] = []
        reopenings: list[bulk.Reopening] = []
        reason = reopen_reason(run.directive)
        cause = _cause(run)
        for trip, listed in zip(chunk, listed_in(chunk), strict=True):
            new = policy.assess(trip, listed)
            change = _compare(run, trip, new)
            if change is not None:
                changes.append(change)
            if change is not None and change.stricter:
                reopenings.append(bulk.Reopening(trip.id, new, reason, cause))
        reopened = {trip.pk for trip in bulk.reopen_many(reopenings, now=now)}
        # A trip withdrawn or cancelled since the chunk was read is no longer open: not reopened.
        changes = [c for c in changes if not c.stricter or c.trip_id in reopened]
        ReassessmentChange.objects.bulk_create(changes)
        run.cursor = chunk[-1].id
        run.processed += len(chunk)
        run.changed += sum(change.stricter for change in changes)
        run.heartbeat_at = now
        run.save(update_fields=["cursor", "processed", "changed", "heartbeat_at"])
    return True


def resume(
    run: ReassessmentRun,
    *,
    now: datetime.datetime,
    chunk_size: int = CHUNK,
    progress: Callable[[ReassessmentRun], None] | None = None,
) -> ReassessmentRun:
    """Process the run from its cursor to the end, a chunk per transaction."""
    if not _claim(run.pk, now):
        run.refresh_from_db()
        return run
    run.refresh_from_db()
    trips = concerned(run.directive, now)
    try:
        while _chunk(run, trips, now=now, size=chunk_size):
            if progress is not None:
                progress(run)
    except Exception as error:
        ReassessmentRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=repr(error))
        raise
    run.status = RunStatus.DONE
    run.finished_at = now
    run.total = max(run.total, run.processed)
    run.save(update_fields=["status", "finished_at", "total"])
    return run
