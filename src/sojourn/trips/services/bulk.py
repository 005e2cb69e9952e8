"""Transitions a chunk of trips at a time: the worker's, and reopening after a directive.

Departure, return and reopening each have one implementation, here: the one-trip services
(travel.depart, travel.return_home, decisions.reopen) check the caller's version and rights,
then move their trip through these as a chunk of one. A chunk is one transaction that locks its
trips in id order, writes them with one UPDATE per set of equal values, appends the audit
events together and writes the notifications in one insert.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils.functional import Promise

from sojourn.audit import services as audit
from sojourn.notify.services import Notice, notify_many
from sojourn.notify.texts import Params
from sojourn.people import directory
from sojourn.people.today import today_of
from sojourn.policy import Assessment
from sojourn.trips import hooks
from sojourn.trips.edges import EDGES
from sojourn.trips.labels import code_text
from sojourn.trips.models import Review, ReviewDecision, Trip
from sojourn.trips.services.core import (
    ASSESSMENT_FIELDS,
    DEFAULT_DEBRIEF_DAYS,
    S,
    _next_checkin,
    _store_assessment,
)

DAY = datetime.timedelta(days=1)


def depart_many(
    trips: Sequence[Trip], *, now: datetime.datetime, actor: User | None = None
) -> list[Trip]:
    """Approved → in progress, by the system on the start date or by the traveller (see
    travel.depart); returns the trips moved, leaving out those another worker or the traveller
    moved first."""
    if not trips:
        return []
    with transaction.atomic():
        moved = _lock([trip.pk for trip in trips], "depart")
        for trip in moved:
            trip.departed_at = now
            trip.checkin_due_at = _next_checkin(trip, now)
        fields = ("departed_at", "checkin_due_at")
        move(moved, S.IN_PROGRESS, "departed", now=now, fields=fields, actor=actor)
        notify_many(
            [
                Notice(
                    [trip.traveller],
                    kind="trip.departed",
                    params={
                        "title": trip.title,
                        "hours": (trip.assessment or {}).get("checkin_hours"),
                    },
                    trip=trip,
                )
                for trip in moved
            ],
            now=now,
        )
    return moved


def return_home_many(
    trips: Sequence[Trip], *, now: datetime.datetime, actor: User | None = None
) -> list[Trip]:
    """In progress → returned, by the system after the last leg or by the traveller (see
    travel.return_home). The domains above hear of each return with its actor (trips.hooks):
    care closes the escalations of a traveller who says they are home, not of one whose return
    the worker inferred from the calendar."""
    if not trips:
        return []
    with transaction.atomic():
        moved = _lock([trip.pk for trip in trips], "return_home")
        for trip in moved:
            _mark_returned(trip, now)
        fields = ("returned_at", "debrief_due", "checkin_due_at")
        move(moved, S.RETURNED, "returned", now=now, fields=fields, actor=actor)
        for trip in moved:
            hooks.moved(trip, "returned", now=now, actor=actor)
        notify_many(
            [
                Notice(
                    [trip.traveller],
                    "debrief.due",
                    {"title": trip.title, "date": trip.debrief_due},
                    trip,
                )
                for trip in moved
            ],
            now=now,
        )
    return moved


def _mark_returned(trip: Trip, now: datetime.datetime) -> None:
    """The debrief falls due, counted from the organisation's date unless the assessment
    already set it."""
    trip.returned_at = now
    trip.checkin_due_at = None
    if trip.debrief_due is None:
        trip.debrief_due = today_of(trip.organisation, now) + DEFAULT_DEBRIEF_DAYS * DAY


@dataclass(frozen=True)
class Reopening:
    """A trip whose outcome became stricter: its new assessment, and why (as `reopen` takes):
    `reason` in words for the notifications, `cause` the ids of what made it stricter for the
    audit event (`directive_id` and `run_id`, or `deviation_id`), which carries no words."""

    trip_id: int
    assessment: Assessment
    reason: str | Promise
    cause: Mapping[str, int] = field(default_factory=dict)


REOPEN_FIELDS = (*ASSESSMENT_FIELDS, "debrief_due", "needs_reapproval", "review_round")


def reopen_many(
    reopenings: Sequence[Reopening], *, now: datetime.datetime, actor: User | None = None
) -> list[Trip]:
    """A directive or a deviation made these trips' outcome stricter: store each new assessment,
    set `needs_reapproval` and open the approval chain again in a new round (see
    decisions.reopen). Returns the trips reopened, leaving out those no longer open.

    An approved trip goes back to submitted; a submitted one starts its chain over; a trip under
    way stays in progress while its reviewers decide again.
    """
    if not reopenings:
        return []
    wanted = {reopening.trip_id: reopening for reopening in reopenings}
    with transaction.atomic():
        trips = _lock(wanted, "reopen")
        Review.objects.filter(trip__in=trips, decision=ReviewDecision.PENDING).delete()
        entries = [_reopen(trip, wanted[trip.pk], now=now, actor=actor) for trip in trips]
        Review.objects.bulk_create(
            Review(trip=trip, step=step, round=trip.review_round, position=index, created_at=now)
            for trip in trips
            for index, step in enumerate(_steps(wanted[trip.pk].assessment))
        )
        Trip.objects.bulk_update(trips, ["status", "version", "updated_at", *REOPEN_FIELDS])
        audit.record_many(entries, at=now)
        notify_many(_approval_needed(trips, wanted), now=now)
    return trips


def _reopen(
    trip: Trip, reopening: Reopening, *, now: datetime.datetime, actor: User | None
) -> audit.Entry:
    """The trip's new assessment, round, status and version (in memory), and its audit event."""
    assessment = reopening.assessment
    previous = {"tier": trip.tier, "route": trip.route, "policy": trip.policy}
    _store_assessment(trip, assessment)
    trip.needs_reapproval = True
    trip.review_round += 1
    was = trip.status
    trip.status = S.SUBMITTED if was == S.APPROVED else S(was)
    trip.version += 1
    trip.updated_at = now
    return audit.Entry(
        actor=actor,
        action="trip.reopened",
        obj=trip,
        data={
            "from": was,
            "to": str(trip.status),
            "version": trip.version,
            **reopening.cause,
            "previous": previous,
            "tier": assessment.tier,
            "route": str(assessment.route),
            "approvals": list(_steps(assessment)),
            "findings": [finding.code for finding in assessment.findings],
        },
    )


def _steps(assessment: Assessment) -> tuple[str, ...]:
    # A refusal by policy still goes to the people who can act on it.
    return assessment.approvals or ("org_security",)


def _approval_needed(trips: list[Trip], reopenings: Mapping[int, Reopening]) -> list[Notice]:
    """The traveller and whoever decides the new round's first step, told why; urgently when the
    trip is under way."""
    firsts = {trip.pk: _steps(reopenings[trip.pk].assessment)[0] for trip in trips}
    reviewers = _reviewers({(trip.organisation_id, firsts[trip.pk]) for trip in trips})
    return [
        Notice(
            [trip.traveller, *reviewers(trip.organisation_id, firsts[trip.pk])],
            kind="trip.reopened",
            params=_reopened(trip, reopenings[trip.pk]),
            trip=trip,
            urgent=trip.status == S.IN_PROGRESS,
        )
        for trip in trips
    ]


def _reviewers(firsts: set[tuple[int, str]]) -> Callable[[int, str], list[User]]:
    """Who decides each (organisation, step) first, as core._reviewers_of: the officers of every
    organisation concerned in one query, oversight in another."""
    officers = directory.officers_by_organisation(
        {org for org, step in firsts if step != "oversight"}
    )
    oversight = directory.oversight() if any(step == "oversight" for _org, step in firsts) else []
    return lambda org, step: oversight if step == "oversight" else officers.get(org, [])


def _reopened(trip: Trip, reopening: Reopening) -> Params:
    assessment = reopening.assessment
    return {
        "title": trip.title,
        "reason": reopening.reason,
        "tier": assessment.tier or "—",
        "route": code_text(assessment.route.value, "route"),
    }


def _lock(ids: Iterable[int], action: str) -> list[Trip]:
    """Re-read the trips under row locks, in id order, keeping those the edge starts from."""
    # Only the trips' rows (`of`): see core.lock. The person comes along for the language of
    # the notifications.
    locked = (
        Trip.objects.select_for_update(of=("self",))
        .select_related("organisation", "traveller__person")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )
    return [trip for trip in locked if trip.status in EDGES[action]]


def move(
    trips: list[Trip],
    to: S,
    action: str,
    *,
    now: datetime.datetime,
    fields: tuple[str, ...],
    actor: User | None,
) -> None:
    """core.move for each trip: the new status and version, then the audit events."""
    entries: list[audit.Entry] = []
    for trip in trips:
        previous = trip.status
        trip.status = to
        trip.version += 1
        trip.updated_at = now
        entries.append(
            audit.Entry(
                actor=actor,
                action=f"trip.{action}",
                obj=trip,
                data={"from": previous, "to": str(to), "version": trip.version},
            )
        )
    _save(trips, to, now=now, fields=fields)
    audit.record_many(entries, at=now)


def _save(trips: list[Trip], to: S, *, now: datetime.datetime, fields: tuple[str, ...]) -> None:
    """One UPDATE per set of trips whose changed fields are equal (the version moves by one)."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for trip in trips:
        groups.setdefault(tuple(getattr(trip, name) for name in fields), []).append(trip.pk)
    for same, ids in groups.items():
        changes = dict(zip(fields, same, strict=True))
        Trip.objects.filter(pk__in=ids).update(
            status=to, version=F("version") + 1, updated_at=now, **changes
        )
