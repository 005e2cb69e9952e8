"""Re-assessing the open trips after a directive, and previewing a pack without changing anything.

A run walks the trips in id order, a chunk per transaction, and records its cursor after each
chunk: a run that stops (a crash, a deploy) goes on where it stopped. A trip whose outcome became
stricter has its approvals reopened; a looser outcome leaves the approval standing and is only
recorded.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

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
    ReassessmentChange,
    ReassessmentRun,
    RunStatus,
)
from sojourn.people.models import Organisation
from sojourn.policy import Assessment, Pack
from sojourn.policy import assess as evaluate
from sojourn.policy.compare import stricter
from sojourn.trips import services as lifecycle
from sojourn.trips.assessing import assess, facts_of
from sojourn.trips.models import Trip, TripStatus

S = TripStatus
CHUNK = 200
# A run that has made no progress for this long lost its process and may be taken over.
STALE_AFTER = datetime.timedelta(minutes=10)


def open_trips(today: datetime.date) -> QuerySet[Trip]:
    """Trips a directive can still change: awaiting review, approved, or under way with days
    ahead."""
    return Trip.objects.filter(
        Q(status__in=[S.SUBMITTED, S.APPROVED]) | Q(status=S.IN_PROGRESS, ends_on__gte=today)
    )


def _organisations_following(pack_id: str) -> QuerySet[Organisation]:
    from django.conf import settings

    follows = Q(policy_pack=pack_id)
    if pack_id == settings.SOJOURN_DEFAULT_POLICY:
        follows |= Q(policy_pack="")
    return Organisation.objects.filter(follows)


def concerned(directive: Directive | None, today: datetime.date) -> QuerySet[Trip]:
    trips = open_trips(today)
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
        directive=directive, created_at=now, total=concerned(directive, now.date()).count()
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


def _reported_on(trip: Trip, today: datetime.date) -> datetime.date:
    return trip.submitted_at.date() if trip.submitted_at else today


def _reassess_one(run: ReassessmentRun, trip: Trip, *, now: datetime.datetime) -> bool:
    today = now.date()
    new = assess(trip, today=today, reported_on=_reported_on(trip, today))
    old = trip.assessment or {}
    if stricter(new, old):
        reason = _reason(run)
        lifecycle.reopen(trip, assessment=new, reason=reason, now=now)
        _record(run, trip, old, new, stricter=True, action="reopened")
        return True
    if (new.tier or "") != (old.get("tier") or "") or str(new.route) != old.get("route"):
        _record(run, trip, old, new, stricter=False, action="looser_kept")
    return False


def _reason(run: ReassessmentRun) -> str | Promise:
    """Why the trip is reopened, in each reader's language (the directive's text as written)."""
    directive = run.directive
    if directive is None:
        return gettext_lazy("A re-assessment found the outcome stricter.")
    return format_lazy(
        gettext_lazy("Directive #{id} ({kind}): {text}"),
        id=directive.pk,
        kind=DirectiveKind(directive.kind).label,
        text=directive.text,
    )


def _record(
    run: ReassessmentRun,
    trip: Trip,
    old: dict[str, object],
    new: Assessment,
    *,
    stricter: bool,
    action: str,
) -> None:
    ReassessmentChange.objects.create(
        run=run,
        trip=trip,
        old_tier=str(old.get("tier") or ""),
        new_tier=new.tier or "",
        old_route=str(old.get("route") or ""),
        new_route=str(new.route),
        stricter=stricter,
        action=action,
    )


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
    trips = (
        concerned(run.directive, now.date())
        .select_related("traveller__person", "organisation")
        .prefetch_related("legs", "meetings")
    )
    try:
        while True:
            with transaction.atomic():
                chunk = list(trips.filter(pk__gt=run.cursor).order_by("pk")[:chunk_size])
                if not chunk:
                    break
                changed = sum(_reassess_one(run, trip, now=now) for trip in chunk)
                run.cursor = chunk[-1].pk
                run.processed += len(chunk)
                run.changed += changed
                run.heartbeat_at = now
                run.save(update_fields=["cursor", "processed", "changed", "heartbeat_at"])
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


# What-if ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIfRow:
    trip_id: int
    title: str
    organisation: str
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


def _trips_for_whatif(pack: Pack, today: datetime.date) -> tuple[str, Iterator[Trip]]:
    following = _organisations_following(pack.id)
    trips = open_trips(today)
    scope = "organisations following " + pack.id
    if following.exists():
        trips = trips.filter(organisation__in=following)
    else:
        scope = "every open trip (no organisation follows " + pack.id + " yet)"
    iterator = (
        trips.select_related("traveller__person", "organisation")
        .prefetch_related("legs", "meetings")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    return scope, iterator


def whatif(pack: Pack, *, now: datetime.datetime) -> WhatIfReport:
    """How the open trips would come out under `pack`; nothing is written."""
    today = now.date()
    at = datetime.datetime.combine(today, datetime.time.max, tzinfo=datetime.UTC)
    advisories = registry.advisories_in_force(at)
    holds = registry.holds_by_person(at)
    scope, trips = _trips_for_whatif(pack, today)
    report = WhatIfReport(policy=pack.ref, scope=scope)
    for trip in trips:
        report.examined += 1
        new = evaluate(
            pack,
            facts_of(trip, reported_on=_reported_on(trip, today)),
            advisories=advisories,
            holds=holds.get(trip.traveller_id, ()),
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
                organisation=trip.organisation.name,
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
